namespace MisterP.Inference.Adaptation;

/// <summary>
/// Welford's running mean and (co)variance of warmup draws, regularized towards the identity as Stan does:
/// Σ ← (n/(n+5))·Σ + 10⁻³·(5/(n+5))·I.
/// </summary>
public sealed class MetricEstimator(int dimension, bool dense)
{
    private readonly double[] _mean = new double[dimension];
    private readonly double[] _m2 = new double[dense ? dimension * dimension : dimension];
    private readonly double[] _delta = new double[dimension];
    private int _count;

    public int Count => _count;

    public void Restart()
    {
        _count = 0;
        Array.Clear(_mean);
        Array.Clear(_m2);
    }

    public void Add(ReadOnlySpan<double> x)
    {
        _count++;
        for (var i = 0; i < dimension; i++)
        {
            _delta[i] = x[i] - _mean[i];
            _mean[i] += _delta[i] / _count;
        }

        if (dense)
        {
            for (var i = 0; i < dimension; i++)
            {
                var after = x[i] - _mean[i];
                for (var j = 0; j < dimension; j++)
                {
                    _m2[i * dimension + j] += after * _delta[j];
                }
            }
        }
        else
        {
            for (var i = 0; i < dimension; i++)
            {
                _m2[i] += _delta[i] * (x[i] - _mean[i]);
            }
        }
    }

    /// <summary>The regularized (co)variance: a diagonal, or a dense matrix row-major.</summary>
    public double[] Regularized()
    {
        var n = (double)_count;
        var result = new double[_m2.Length];
        for (var k = 0; k < _m2.Length; k++)
        {
            result[k] = n / (n + 5) * (_m2[k] / (n - 1));
        }

        for (var i = 0; i < dimension; i++)
        {
            result[dense ? i * dimension + i : i] += 1e-3 * (5 / (n + 5));
        }

        return result;
    }
}
