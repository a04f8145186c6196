using MisterP.Posterior;
using MisterP.Workflow;

namespace MisterP.Cli;

/// <summary>The stansummary-like table of <c>mrp summary</c>, with sampler diagnostics and warnings.</summary>
internal static class SummaryTable
{
    public static void Print(CliContext context, SavedDraws loaded, IReadOnlyList<ParameterSummary> summary, SamplerDiagnostics sampler)
    {
        var o = context.Output;
        var draws = loaded.Draws;
        o.WriteLine($"{loaded.Description}: {draws.ChainCount} chain(s) × {draws.DrawsPerChain} draws.");
        var (low, high) = IntervalLevel.QuantileNames(summary.Count > 0 ? summary[0].Interval : 0.9);
        var table = new TextTable("parameter", "mean", "mcse", "sd", low, "q50", high, "ess_bulk", "ess_tail", "rhat");
        foreach (var s in summary)
        {
            table.Add(s.Name, TextTable.Number(s.Mean), TextTable.Number(s.McseMean, 4), TextTable.Number(s.Sd), TextTable.Number(s.Q5),
                TextTable.Number(s.Median), TextTable.Number(s.Q95), TextTable.Count(s.EssBulk), TextTable.Count(s.EssTail), TextTable.Number(s.Rhat));
        }

        table.Write(o);
        o.WriteLine();
        o.WriteLine($"Divergences: {sampler.Divergences}; max tree depth ({sampler.MaxTreeDepth}) hits: {sampler.TreeDepthHits}; " +
                    (sampler.EbfmiPerChain.All(e => e is null)
                        ? "E-BFMI: not available (no energy__ column)."
                        : "E-BFMI per chain: " + string.Join(", ", sampler.EbfmiPerChain.Select(e => e is { } v ? v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "NA")) + "."));
        foreach (var w in DiagnosticWarnings.Evaluate(summary, sampler))
        {
            context.Error.WriteLine($"Warning: {w}");
        }
    }
}
