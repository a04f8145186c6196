using MisterP.Posterior;

namespace MisterP.Output;

/// <summary>
/// summary.csv (SPEC §2): <c>parameter,mean,sd,q5,q50,q95,mcse_mean,ess_bulk,ess_tail,rhat</c>; the full form adds every
/// diagnostic. Summaries at another interval name its ends by their quantiles (q2.5/q97.5 at 0.95).
/// </summary>
public static class SummaryCsv
{
    /// <summary>The short columns; the interval's ends are named by its level (q5/q95 at 0.9, q2.5/q97.5 at 0.95).</summary>
    private static (string Name, Func<ParameterSummary, double> Value)[] Short(double interval)
    {
        var (low, high) = IntervalLevel.QuantileNames(interval);
        return
        [
            ("mean", s => s.Mean), ("sd", s => s.Sd), (low, s => s.Q5), ("q50", s => s.Median), (high, s => s.Q95),
            ("mcse_mean", s => s.McseMean), ("ess_bulk", s => s.EssBulk), ("ess_tail", s => s.EssTail), ("rhat", s => s.Rhat),
        ];
    }

    private static (string Name, Func<ParameterSummary, double> Value)[] Full(double interval)
    {
        var (low, high) = IntervalLevel.QuantileNames(interval);
        return
        [
            .. Short(interval),
            ("mad", s => s.Mad), ("rhat_raw", s => s.RhatRaw), ("ess_mean", s => s.EssMean), ("ess_sd", s => s.EssSd),
            ("ess_median", s => s.EssMedian), ("ess_raw", s => s.EssRaw), ("mcse_sd", s => s.McseSd), ("mcse_median", s => s.McseMedian),
            ("mcse_" + low, s => s.McseQ5), ("mcse_" + high, s => s.McseQ95),
        ];
    }

    /// <summary>The interval every row was summarized at (0.9 for no rows).</summary>
    private static double IntervalOf(IReadOnlyList<ParameterSummary> rows) => rows.Count > 0 ? rows[0].Interval : 0.9;

    public static void Write(string path, IReadOnlyList<ParameterSummary> rows) => AtomicFile.WriteText(path, w => Write(w, rows, Short(IntervalOf(rows))));

    public static void WriteFull(string path, IReadOnlyList<ParameterSummary> rows) => AtomicFile.WriteText(path, w => Write(w, rows, Full(IntervalOf(rows))));

    public static void WriteFull(TextWriter writer, IReadOnlyList<ParameterSummary> rows) => Write(writer, rows, Full(IntervalOf(rows)));

    private static void Write(TextWriter writer, IReadOnlyList<ParameterSummary> rows, (string Name, Func<ParameterSummary, double> Value)[] columns)
    {
        writer.WriteLine(string.Join(",", columns.Select(c => c.Name).Prepend("parameter")));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(",", columns.Select(c => TableCsv.FormatNumber(c.Value(row))).Prepend(TableCsv.Quote(row.Name))));
        }
    }
}
