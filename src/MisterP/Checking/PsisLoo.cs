using MathNet.Numerics.Distributions;

namespace MisterP.Checking;

/// <summary>
/// PSIS-LOO (Vehtari, Gelman &amp; Gabry 2017) computed as R's loo 2.5.1 <c>loo(ll, r_eff = relative_eff(exp(ll),
/// chain_id))</c>: r_eff per column, PSIS on −ll, elpd_loo_i = log Σ exp(ll + lw), p_loo_i = lpd_i − elpd_loo_i,
/// looic = −2·elpd_loo, totals with √(N·var) standard errors, and the deterministic MCSE of loo 2.5.1.
/// </summary>
public static class PsisLoo
{
    private const int McseQuantileCount = 1000;

    /// <summary>Blom's approximate normal order statistics qnorm((r − 3/8)/(1000 + 1/4)), loo 2.5.1's <c>mcse_elpd</c>.</summary>
    private static readonly double[] NormalScores = Enumerable.Range(1, McseQuantileCount)
        .Select(r => Normal.InvCDF(0, 1, (r - 3.0 / 8) / (McseQuantileCount - 2 * 3.0 / 8 + 1)))
        .ToArray();

    public static LooResult Compute(LogLikelihoodMatrix logLik)
    {
        var pointwise = new LooPointwise[logLik.Columns.Count];
        Parallel.For(0, pointwise.Length, i =>
            pointwise[i] = Column(logLik.Names[i], logLik.Counts[i], logLik.Columns[i], logLik.Chains));
        return Summarize(pointwise, logLik.DrawCount);
    }

    /// <summary>Totals, MCSE and the k table from pointwise values (already computed, e.g. per distinct column).</summary>
    public static LooResult Summarize(IReadOnlyList<LooPointwise> pointwise, int drawCount)
    {
        var counts = pointwise.Select(p => p.Count).ToArray();
        var table = ParetoKTable.From(pointwise);
        // mcse_loo(): NA when any k exceeds 0.7; otherwise √Σ mcse_i² (each observation counted as often as it occurs).
        double? mcse = pointwise.Any(p => p.ParetoK > 0.7)
            ? null
            : Math.Sqrt(pointwise.Sum(p => p.Count * p.McseElpdLoo * p.McseElpdLoo));
        return new LooResult(
            pointwise,
            Estimate.Total(pointwise.Select(p => p.ElpdLoo).ToArray(), counts),
            Estimate.Total(pointwise.Select(p => p.PLoo).ToArray(), counts),
            Estimate.Total(pointwise.Select(p => p.LooIc).ToArray(), counts),
            mcse,
            table,
            counts.Sum(),
            drawCount);
    }

    /// <summary>PSIS-LOO of one column of S log-likelihood draws.</summary>
    public static LooPointwise Column(string name, double count, ReadOnlySpan<double> ll, int? chains)
    {
        var s = ll.Length;
        var lik = new double[s];
        for (var j = 0; j < s; j++)
        {
            lik[j] = Math.Exp(ll[j]);
        }

        var rEff = chains is { } c ? RelativeEfficiency.Compute(lik, c) : 1.0;
        var logRatios = new double[s];
        for (var j = 0; j < s; j++)
        {
            logRatios[j] = -ll[j];
        }

        var psis = ParetoSmoothedWeights.Compute(logRatios, rEff);
        var lw = psis.NormalizedLogWeights;

        var shifted = new double[s];
        for (var j = 0; j < s; j++)
        {
            shifted[j] = ll[j] + lw[j];
        }

        var elpd = LogSum.Exp(shifted);
        var lpd = LogSum.Exp(ll) - Math.Log(s);

        var sumW2 = 0.0;
        var varEpd = 0.0;
        var epd = Math.Exp(elpd);
        for (var j = 0; j < s; j++)
        {
            var w = Math.Exp(lw[j]);
            var w2 = w * w;
            sumW2 += w2;
            var d = lik[j] - epd;
            varEpd += w2 * d * d;
        }

        var mcse = Math.Sqrt(McseVariance(epd, Math.Sqrt(varEpd)) / rEff);
        return new LooPointwise(name, count, elpd, mcse, lpd - elpd, -2 * elpd, psis.ParetoK, rEff, 1 / sumW2 * rEff, psis.TailLength);
    }

    /// <summary>var(log z[z &gt; 0]) for z = E + sd·zₙ over the 1,000 fixed normal scores (loo 2.5.1, not random).</summary>
    private static double McseVariance(double epd, double sd)
    {
        var n = 0;
        var sum = 0.0;
        var logs = new double[McseQuantileCount];
        foreach (var zn in NormalScores)
        {
            var z = epd + sd * zn;
            if (z > 0)
            {
                var v = Math.Log(z);
                logs[n++] = v;
                sum += v;
            }
        }

        if (n < 2)
        {
            return double.NaN;
        }

        var mean = sum / n;
        var ss = 0.0;
        for (var i = 0; i < n; i++)
        {
            ss += (logs[i] - mean) * (logs[i] - mean);
        }

        return ss / (n - 1);
    }
}
