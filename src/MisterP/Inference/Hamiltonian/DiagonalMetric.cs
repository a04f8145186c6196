using System.Numerics;
using System.Numerics.Tensors;
using MisterP.Numerics;

namespace MisterP.Inference.Hamiltonian;

/// <summary>Diagonal M⁻¹ (Stan's diag_e): one scale per coordinate, adapted to the posterior variances.</summary>
public sealed class DiagonalMetric(double[] inverseDiagonal) : IEuclideanMetric
{
    private readonly double[] _inverse = inverseDiagonal;
    private readonly double[] _sqrtMass = inverseDiagonal.Select(v => 1 / Math.Sqrt(v)).ToArray();

    public int Dimension => _inverse.Length;

    /// <summary>Replaces M⁻¹ in place (warmup adaptation that re-estimates it every iteration allocates nothing).</summary>
    public void Assign(ReadOnlySpan<double> inverseDiagonal)
    {
        inverseDiagonal.CopyTo(_inverse);
        for (var i = 0; i < _inverse.Length; i++)
        {
            _sqrtMass[i] = 1 / Math.Sqrt(_inverse[i]);
        }
    }

    public double[] InverseDiagonal => (double[])_inverse.Clone();

    public double Kinetic(ReadOnlySpan<double> momentum)
    {
        // ½ Σ p²/m, vectorized (the sampler evaluates it at every leapfrog step).
        var width = Vector<double>.Count;
        var sum = Vector<double>.Zero;
        var i = 0;
        for (; i + width <= momentum.Length; i += width)
        {
            var p = new Vector<double>(momentum.Slice(i, width));
            sum += p * p * new Vector<double>(_inverse, i);
        }

        var total = Vector.Sum(sum);
        for (; i < momentum.Length; i++)
        {
            total += momentum[i] * momentum[i] * _inverse[i];
        }

        return 0.5 * total;
    }

    public void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity) => TensorPrimitives.Multiply(_inverse, momentum, velocity);

    public void SampleMomentum(Xoshiro256 random, Span<double> momentum)
    {
        for (var i = 0; i < momentum.Length; i++)
        {
            momentum[i] = random.Normal() * _sqrtMass[i];
        }
    }
}
