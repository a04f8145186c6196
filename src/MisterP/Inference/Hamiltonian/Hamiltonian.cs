using System.Numerics.Tensors;
using MisterP.Models;

namespace MisterP.Inference.Hamiltonian;

/// <summary>
/// H(q, p) = −log π(q) + ½ pᵀM⁻¹p and its leapfrog integrator (Betancourt 2017, §5); counts gradient evaluations.
/// </summary>
public sealed class Hamiltonian(ILogDensity density, IEuclideanMetric metric)
{
    private readonly double[] _velocity = new double[density.Dimension];

    public IEuclideanMetric Metric { get; set; } = metric;

    public long GradientEvaluations { get; private set; }

    public int Dimension => density.Dimension;

    /// <summary>Recomputes log density and gradient at the point's position (−∞ when not finite).</summary>
    public void Evaluate(PhasePoint z)
    {
        GradientEvaluations++;
        var lp = density.LogDensityGradient(z.Position, z.Gradient);
        z.LogDensity = double.IsNaN(lp) ? double.NegativeInfinity : lp;
    }

    public double Energy(PhasePoint z) => -z.LogDensity + Metric.Kinetic(z.Momentum);

    /// <summary>p sharp = M⁻¹p, the velocity used by the generalized U-turn criterion.</summary>
    public void Velocity(PhasePoint z, Span<double> sharp) => Metric.Velocity(z.Momentum, sharp);

    /// <summary>One leapfrog step of size <paramref name="epsilon"/> (negative to integrate backwards).</summary>
    public void Leapfrog(PhasePoint z, double epsilon)
    {
        var half = 0.5 * epsilon;
        var p = z.Momentum;
        var g = z.Gradient;
        TensorPrimitives.MultiplyAdd(g, half, p, p);
        Metric.Velocity(p, _velocity);
        TensorPrimitives.MultiplyAdd(_velocity, epsilon, z.Position, z.Position);
        Evaluate(z);
        TensorPrimitives.MultiplyAdd(g, half, p, p);
    }
}
