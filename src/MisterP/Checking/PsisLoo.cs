using System.Numerics.Tensors;
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
        Parallel.For(0, pointwise.Length, () => new ColumnBuffers(logLik.DrawCount), (i, _, buffers) =>
        {
            pointwise[i] = Column(logLik.Names[i], logLik.Counts[i], logLik.Columns[i], logLik.Chains, buffers).Loo;
            return buffers;
        }, _ => { });
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
    public static LooPointwise Column(string name, double count, ReadOnlySpan<double> ll, int? chains) =>
        Column(name, count, ll, chains, new ColumnBuffers(ll.Length)).Loo;

    /// <summary>
    /// PSIS-LOO and WAIC of one column, in <paramref name="buffers"/>. Everything is computed on exp(ll − max ll),
    /// which leaves r_eff, the weights and the MCSE unchanged and cannot overflow for continuous densities; sums of
    /// exps are dot products with the weights (Σ exp(ll + lw) = Σ exp(ll)·w).
    /// </summary>
    public static (LooPointwise Loo, WaicPointwise Waic) Column(string name, double count, ReadOnlySpan<double> ll, int? chains, ColumnBuffers buffers)
    {
        var s = ll.Length;
        var maxLl = TensorPrimitives.Max(ll);
        var lik = buffers.Likelihood.AsSpan(0, s);
        TensorPrimitives.Subtract(ll, maxLl, lik);
        TensorPrimitives.Exp(lik, lik);

        var rEff = chains is { } c ? RelativeEfficiency.Compute(lik, c, buffers.Psis.Centered) : 1.0;
        var logRatios = buffers.LogRatios.AsSpan(0, s);
        TensorPrimitives.Negate(ll, logRatios);
        var (k, tail) = ParetoSmoothedWeights.Smooth(logRatios, rEff, buffers.LogWeights, buffers.Weights, buffers.Psis);
        var w = buffers.Weights.AsSpan(0, s);

        var epd = TensorPrimitives.Dot(lik, w); // exp(elpd_loo − max ll)
        var elpd = maxLl + Math.Log(epd);
        var lpd = maxLl + Math.Log(TensorPrimitives.Sum<double>(lik)) - Math.Log(s);

        var varEpd = 0.0;
        for (var j = 0; j < s; j++)
        {
            var d = lik[j] - epd;
            varEpd += w[j] * w[j] * d * d;
        }

        var sumW2 = TensorPrimitives.Dot(w, w);
        var mcse = Math.Sqrt(McseVariance(epd, Math.Sqrt(varEpd), buffers.Psis.Scratch) / rEff);
        var loo = new LooPointwise(name, count, elpd, mcse, lpd - elpd, -2 * elpd, k, rEff, 1 / sumW2 * rEff, tail);

        var mean = TensorPrimitives.Sum(ll) / s;
        var ss = 0.0;
        foreach (var v in ll)
        {
            ss += (v - mean) * (v - mean);
        }

        var pWaic = ss / (s - 1);
        var waic = new WaicPointwise(name, count, lpd - pWaic, pWaic, -2 * (lpd - pWaic));
        return (loo, waic);
    }

    /// <summary>var(log z[z &gt; 0]) for z = E + sd·zₙ over the 1,000 fixed normal scores (loo 2.5.1, not random).</summary>
    private static double McseVariance(double epd, double sd, double[] scratch)
    {
        var n = 0;
        foreach (var zn in NormalScores)
        {
            var z = epd + sd * zn;
            if (z > 0)
            {
                scratch[n++] = z;
            }
        }

        var logs = scratch.AsSpan(0, n);
        TensorPrimitives.Log(logs, logs);
        var sum = TensorPrimitives.Sum<double>(logs);

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

/// <summary>Work arrays for one thread's columns of S draws (reused from column to column).</summary>
public sealed class ColumnBuffers(int draws)
{
    internal double[] Likelihood { get; } = new double[draws];

    internal double[] LogRatios { get; } = new double[draws];

    internal double[] LogWeights { get; } = new double[draws];

    internal double[] Weights { get; } = new double[draws];

    internal PsisWorkspace Psis { get; } = new(draws);
}
