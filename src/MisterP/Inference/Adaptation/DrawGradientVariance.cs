namespace MisterP.Inference.Adaptation;

/// <summary>
/// Running variances (Welford) of the draws and of the log-density gradients at them, and the diagonal inverse metric
/// they imply: σ̂²ᵢ = max(√(Var xᵢ / Var gᵢ), Var xᵢ). For a Gaussian coordinate of variance σ² the gradient has
/// variance 1/σ², so both estimate σ² (nutpie's estimator; Seyboldt et al. 2025, arXiv:2504.11722). In a funnel's neck
/// (a group sd near 0) the gradient is heavy-tailed and √(Var x / Var g) falls far below the spread of the draws:
/// alone it left the semi-synthetic MRP model's sd parameters with a too-small scale (min bulk ESS 84–290 of 4,000,
/// R̂ up to 1.05; bench/RESULTS.md, "Performance II"), so a coordinate's scale is never set below its draws' variance.
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
            var drawVariance = _m2X[i] / Math.Max(1, Count - 1);
            var v = _m2G[i] > 0 ? Math.Max(Math.Sqrt(_m2X[i] / _m2G[i]), drawVariance) : drawVariance;
            result[i] = double.IsFinite(v) ? Math.Clamp(v, Lower, Upper) : 1;
        }
    }
}
