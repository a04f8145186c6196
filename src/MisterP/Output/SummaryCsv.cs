using MisterP.Posterior;

namespace MisterP.Output;

/// <summary>summary.csv (SPEC §2): <c>parameter,mean,sd,q5,q50,q95,mcse_mean,ess_bulk,ess_tail,rhat</c>; the full form adds every diagnostic.</summary>
public static class SummaryCsv
{
    private static readonly (string Name, Func<ParameterSummary, double> Value)[] Short =
    [
        ("mean", s => s.Mean), ("sd", s => s.Sd), ("q5", s => s.Q5), ("q50", s => s.Median), ("q95", s => s.Q95),
        ("mcse_mean", s => s.McseMean), ("ess_bulk", s => s.EssBulk), ("ess_tail", s => s.EssTail), ("rhat", s => s.Rhat),
    ];

    private static readonly (string Name, Func<ParameterSummary, double> Value)[] Full =
    [
        .. Short,
        ("mad", s => s.Mad), ("rhat_raw", s => s.RhatRaw), ("ess_mean", s => s.EssMean), ("ess_sd", s => s.EssSd),
        ("ess_median", s => s.EssMedian), ("ess_raw", s => s.EssRaw), ("mcse_sd", s => s.McseSd), ("mcse_median", s => s.McseMedian),
        ("mcse_q5", s => s.McseQ5), ("mcse_q95", s => s.McseQ95),
    ];

    public static void Write(string path, IReadOnlyList<ParameterSummary> rows) => AtomicFile.WriteText(path, w => Write(w, rows, Short));

    public static void WriteFull(string path, IReadOnlyList<ParameterSummary> rows) => AtomicFile.WriteText(path, w => Write(w, rows, Full));

    public static void WriteFull(TextWriter writer, IReadOnlyList<ParameterSummary> rows) => Write(writer, rows, Full);

    private static void Write(TextWriter writer, IReadOnlyList<ParameterSummary> rows, (string Name, Func<ParameterSummary, double> Value)[] columns)
    {
        writer.WriteLine(string.Join(",", columns.Select(c => c.Name).Prepend("parameter")));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(",", columns.Select(c => TableCsv.FormatNumber(c.Value(row))).Prepend(TableCsv.Quote(row.Name))));
        }
    }
}
