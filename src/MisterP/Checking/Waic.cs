namespace MisterP.Checking;

/// <summary>WAIC (Watanabe 2010) as loo 2.5.1's <c>waic()</c>: elpd_waic_i = lpd_i − var(ll_i), waic = −2·elpd_waic.</summary>
public static class Waic
{
    public static WaicResult Compute(LogLikelihoodMatrix logLik)
    {
        var pointwise = new WaicPointwise[logLik.Columns.Count];
        Parallel.For(0, pointwise.Length, i =>
            pointwise[i] = Column(logLik.Names[i], logLik.Counts[i], logLik.Columns[i]));
        return Summarize(pointwise);
    }

    public static WaicResult Summarize(IReadOnlyList<WaicPointwise> pointwise)
    {
        var counts = pointwise.Select(p => p.Count).ToArray();
        return new WaicResult(
            pointwise,
            Estimate.Total(pointwise.Select(p => p.ElpdWaic).ToArray(), counts),
            Estimate.Total(pointwise.Select(p => p.PWaic).ToArray(), counts),
            Estimate.Total(pointwise.Select(p => p.WaicValue).ToArray(), counts));
    }

    public static WaicPointwise Column(string name, double count, ReadOnlySpan<double> ll)
    {
        var s = ll.Length;
        var lpd = LogSum.Exp(ll) - Math.Log(s);
        var mean = 0.0;
        foreach (var v in ll)
        {
            mean += v;
        }

        mean /= s;
        var ss = 0.0;
        foreach (var v in ll)
        {
            ss += (v - mean) * (v - mean);
        }

        var pWaic = ss / (s - 1);
        var elpd = lpd - pWaic;
        return new WaicPointwise(name, count, elpd, pWaic, -2 * elpd);
    }
}

/// <summary>One column's WAIC values (loo's <c>$pointwise</c>: elpd_waic, p_waic, waic).</summary>
public sealed record WaicPointwise(string Name, double Count, double ElpdWaic, double PWaic, double WaicValue);

/// <summary>WAIC totals with standard errors.</summary>
public sealed record WaicResult(IReadOnlyList<WaicPointwise> Pointwise, Estimate ElpdWaic, Estimate PWaic, Estimate WaicTotal);
