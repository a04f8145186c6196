namespace MisterP.Families;

/// <summary>
/// The cumulative-logit log-likelihood over cells, the sampler's hot loop for ordinal models. It uses
/// <see cref="CumulativeKernel"/>'s identity log π = log σ(b) + log σ(−a) + log(1 − e^{a−b}) with a = c_{k−1} − η,
/// b = c_k − η. The last term and its derivative depend only on the gap c_k − c_{k−1}, so they are computed once per
/// threshold pair and gradient. softplus and σ of every t = c_j − η (K − 1 per cell) come from one SIMD pass
/// (<see cref="LogitCells.SoftplusAndSigmoid"/>), and log σ(−t) = t − softplus(t), σ(−t) = 1 − σ(t) give the other
/// side, so the per-count loop is arithmetic only. Same values as
/// <see cref="CumulativeKernel"/> to rounding (absolute, about one ulp of t).
/// </summary>
public sealed class CumulativeLogitCells
{
    private readonly int _thresholdCount;
    private readonly int _cellCount;
    private readonly double[] _gapReciprocal;
    private readonly double[] _gapLogMass;
    private readonly double[] _t;
    private readonly double[] _softplus;
    private readonly double[] _sigmoid;

    public CumulativeLogitCells(int thresholdCount, int cellCount)
    {
        _thresholdCount = thresholdCount;
        _cellCount = cellCount;
        _gapReciprocal = new double[Math.Max(thresholdCount, 1)];
        _gapLogMass = new double[Math.Max(thresholdCount, 1)];
        _t = new double[thresholdCount * cellCount];
        _softplus = new double[_t.Length];
        _sigmoid = new double[_t.Length];
    }

    /// <summary>
    /// Σ_cells Σ_k n_k·log P(y = k | η) over the non-zero counts (CSR: <paramref name="entryStart"/> per cell), writing
    /// dℓ/dη per cell into <paramref name="dEta"/> and adding dℓ/dc_k into <paramref name="dThresholds"/>.
    /// </summary>
    public double LogLikelihood(ReadOnlySpan<double> thresholds, ReadOnlySpan<double> eta, ReadOnlySpan<int> entryStart,
        ReadOnlySpan<int> entryCategory, ReadOnlySpan<double> entryCount, Span<double> dEta, Span<double> dThresholds)
    {
        var n = _cellCount;
        for (var j = 0; j < _thresholdCount; j++)
        {
            var c = thresholds[j];
            var row = _t.AsSpan(j * n, n);
            for (var i = 0; i < n; i++)
            {
                row[i] = c - eta[i];
            }
        }

        for (var k = 1; k < _thresholdCount; k++)
        {
            var gap = thresholds[k] - thresholds[k - 1];
            _gapReciprocal[k] = 1 / Expm1(gap);
            _gapLogMass[k] = Math.Log(-Expm1(-gap));
        }

        LogitCells.SoftplusAndSigmoid(_t, _softplus, _sigmoid);
        var last = _thresholdCount;
        var lp = 0.0;
        for (var i = 0; i < n; i++)
        {
            var cellGradient = 0.0;
            for (var e = entryStart[i]; e < entryStart[i + 1]; e++)
            {
                var k = entryCategory[e];
                var count = entryCount[e];
                double logP, dA = 0, dB = 0;
                if (k == 0)
                {
                    var b = i;
                    logP = _t[b] - _softplus[b];
                    dB = 1 - _sigmoid[b];
                }
                else if (k == last)
                {
                    var a = (k - 1) * n + i;
                    logP = -_softplus[a];
                    dA = -_sigmoid[a];
                }
                else
                {
                    var a = (k - 1) * n + i;
                    var b = a + n;
                    var r = _gapReciprocal[k];
                    logP = _t[b] - _softplus[b] - _softplus[a] + _gapLogMass[k];
                    dB = 1 - _sigmoid[b] + r;
                    dA = -_sigmoid[a] - r;
                }

                lp += count * logP;
                if (k > 0)
                {
                    dThresholds[k - 1] += count * dA;
                }

                if (k < last)
                {
                    dThresholds[k] += count * dB;
                }

                cellGradient -= count * (dA + dB);
            }

            dEta[i] = cellGradient;
        }

        return lp;
    }

    private static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x + 0.5 * x * x + x * x * x / 6 : Math.Exp(x) - 1;
}
