using MisterP.Numerics;

namespace MisterP.Inference.Hamiltonian;

/// <summary>Diagonal M⁻¹ (Stan's diag_e): one scale per coordinate, adapted to the posterior variances.</summary>
public sealed class DiagonalMetric(double[] inverseDiagonal) : IEuclideanMetric
{
    private readonly double[] _inverse = inverseDiagonal;
    private readonly double[] _sqrtMass = inverseDiagonal.Select(v => 1 / Math.Sqrt(v)).ToArray();

    public int Dimension => _inverse.Length;

    public double[] InverseDiagonal => (double[])_inverse.Clone();

    public double Kinetic(ReadOnlySpan<double> momentum)
    {
        var sum = 0.0;
        for (var i = 0; i < momentum.Length; i++)
        {
            sum += momentum[i] * momentum[i] * _inverse[i];
        }

        return 0.5 * sum;
    }

    public void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity)
    {
        for (var i = 0; i < momentum.Length; i++)
        {
            velocity[i] = _inverse[i] * momentum[i];
        }
    }

    public void SampleMomentum(Xoshiro256 random, Span<double> momentum)
    {
        for (var i = 0; i < momentum.Length; i++)
        {
            momentum[i] = random.Normal() * _sqrtMass[i];
        }
    }
}
