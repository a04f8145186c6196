namespace MisterP.Inference.Adaptation;

/// <summary>
/// Running variances (Welford) of the draws and of the log-density gradients at them, and the diagonal inverse metric
/// they imply: σ̂²ᵢ = √(Var xᵢ / Var gᵢ). For a Gaussian coordinate of variance σ² the gradient has variance 1/σ², so
/// both halves estimate σ² and their geometric mean halves the noise of either; away from Gaussianity it balances
/// the scale of the draws against the curvature the integrator meets (nutpie; Seyboldt et al. 2025, arXiv:2504.11722).
/// </summary>
internal sealed class DrawGradientVariance(int dimension)
{
    private const double Lower = 1e-10;
    private const double Upper = 1e10;
    private readonly double[] _meanX = new double[dimension];
    private readonly double[] _m2X = new double[dimension];
    private readonly double[] _meanG = new double[dimension];
    private readonly double[] _m2G = new double[dimension];

    public int Count { get; private set; }

    public void Clear()
    {
        Count = 0;
        Array.Clear(_meanX);
        Array.Clear(_m2X);
        Array.Clear(_meanG);
        Array.Clear(_m2G);
    }

    public void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> g)
    {
        Count++;
        for (var i = 0; i < dimension; i++)
        {
            var dx = x[i] - _meanX[i];
            _meanX[i] += dx / Count;
            _m2X[i] += dx * (x[i] - _meanX[i]);
            var dg = g[i] - _meanG[i];
            _meanG[i] += dg / Count;
            _m2G[i] += dg * (g[i] - _meanG[i]);
        }
    }

    /// <summary>Writes the inverse-metric diagonal; a coordinate whose gradient does not vary keeps its draw variance.</summary>
    public void InverseMetric(Span<double> result)
    {
        for (var i = 0; i < dimension; i++)
        {
            var v = _m2G[i] > 0 ? Math.Sqrt(_m2X[i] / _m2G[i]) : _m2X[i] / Math.Max(1, Count - 1);
            result[i] = double.IsFinite(v) ? Math.Clamp(v, Lower, Upper) : 1;
        }
    }
}
