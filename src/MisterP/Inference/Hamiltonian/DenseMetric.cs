using System.Numerics.Tensors;
using MisterP.Numerics;

namespace MisterP.Inference.Hamiltonian;

/// <summary>
/// Dense M⁻¹ (Stan's dense_e), for strongly correlated posteriors. Momenta are drawn as p = L⁻ᵀz with M⁻¹ = LLᵀ,
/// so that Cov(p) = (LLᵀ)⁻¹ = M.
/// </summary>
public sealed class DenseMetric : IEuclideanMetric
{
    private readonly double[] _inverse;
    private readonly double[] _cholesky;
    private readonly double[] _z;
    private readonly int _n;

    public DenseMetric(double[] inverseMetric, int dimension)
    {
        _n = dimension;
        _inverse = (double[])inverseMetric.Clone();
        _cholesky = Cholesky.Factor(_inverse, dimension) ?? throw new InvalidOperationException("The dense metric is not positive definite.");
        _z = new double[dimension];
    }

    public int Dimension => _n;

    public double[] InverseDiagonal => Enumerable.Range(0, _n).Select(i => _inverse[i * _n + i]).ToArray();

    public double Kinetic(ReadOnlySpan<double> momentum)
    {
        var sum = 0.0;
        for (var i = 0; i < _n; i++)
        {
            sum += momentum[i] * TensorPrimitives.Dot(_inverse.AsSpan(i * _n, _n), momentum);
        }

        return 0.5 * sum;
    }

    public void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity)
    {
        for (var i = 0; i < _n; i++)
        {
            velocity[i] = TensorPrimitives.Dot(_inverse.AsSpan(i * _n, _n), momentum);
        }
    }

    /// <summary>Solves Lᵀp = z by back substitution. Not thread-safe (one metric per chain).</summary>
    public void SampleMomentum(Xoshiro256 random, Span<double> momentum)
    {
        for (var i = 0; i < _n; i++)
        {
            _z[i] = random.Normal();
        }

        for (var i = _n - 1; i >= 0; i--)
        {
            var s = _z[i];
            for (var k = i + 1; k < _n; k++)
            {
                s -= _cholesky[k * _n + i] * momentum[k];
            }

            momentum[i] = s / _cholesky[i * _n + i];
        }
    }
}
