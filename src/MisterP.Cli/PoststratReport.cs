using MisterP.Poststrat;

namespace MisterP.Cli;

/// <summary>What <c>mrp poststrat</c> prints: the estimates (first rows of each set), contrasts and any new levels.</summary>
internal static class PoststratReport
{
    private const int RowsPerSet = 60;

    private static readonly string[] SummaryHeaders = ["estimate", "sd", "lower", "upper"];

    private static readonly string[] DiagnosticHeaders = ["rhat", "ess_bulk", "ess_tail"];

    private static string Percent(PoststratResult result) => Posterior.IntervalLevel.Percent(result.Interval);

    public static void Print(CliContext context, PoststratResult result, string path)
    {
        var o = context.Output;
        foreach (var set in result.Estimates.GroupBy(e => e.By))
        {
            var table = new TextTable([.. SummaryHeaders.Prepend("group"), "population", .. DiagnosticHeaders]);
            foreach (var e in set.Take(RowsPerSet))
            {
                var name = e.Keys.Count == 0 ? GroupingSet.Everyone : string.Join(", ", e.Keys.Values);
                if (e.Quantity is { Length: > 0 } quantity)
                {
                    // Categorical fits: one row per quantity (and category) of each group.
                    name += e.Category is { Length: > 0 } category ? $" {quantity} {category}" : $" {quantity}";
                }

                table.Add([.. Numbers(e.Summary).Prepend(name), TextTable.Count(e.Population), .. Diagnostics(e.Summary)]);
            }

            o.WriteLine($"by {set.Key} (posterior mean, sd and {Percent(result)} interval):");
            table.Write(o);
            if (set.Count() > RowsPerSet)
            {
                o.WriteLine($"… {set.Count() - RowsPerSet} more rows in {path}.");
            }

            o.WriteLine();
        }

        if (result.Contrasts.Count > 0)
        {
            var table = new TextTable([.. SummaryHeaders.Prepend("contrast"), .. DiagnosticHeaders]);
            foreach (var c in result.Contrasts)
            {
                var name = $"{c.Contrast.Variable}: {c.Contrast.First} − {c.Contrast.Second}";
                if (c.Quantity is { Length: > 0 } quantity)
                {
                    name += c.Category is { Length: > 0 } category ? $" {quantity} {category}" : $" {quantity}";
                }

                table.Add([.. Numbers(c.Summary).Prepend(name), .. Diagnostics(c.Summary)]);
            }

            o.WriteLine($"contrasts (posterior of the per-draw difference; mean, sd and {Percent(result)} interval):");
            table.Write(o);
            o.WriteLine();
        }

        if (MaxRhat(result) is > 1.01 and var rhat)
        {
            o.WriteLine($"Warning: R-hat up to {rhat:F3} > 1.01 among these estimates: the chains disagree about them. Run longer chains (mrp fit --draws, --warmup) before relying on them.");
        }

        var extrapolated = result.Estimates.Where(e => e.Extrapolated == true).Select(e => string.Join(":", e.Keys.Values)).Distinct().ToList();
        if (extrapolated.Count > 0)
        {
            o.WriteLine($"{extrapolated.Count} group(s) have no respondents; their estimates come from the structured prior (neighbours, or the walk's forecast), " +
                        "marked extrapolated in the CSV: " + string.Join(", ", extrapolated.Take(20)) + (extrapolated.Count > 20 ? ", …" : "."));
        }

        if (result.NewLevels.Count > 0)
        {
            o.WriteLine($"{result.NewLevels.Count} frame level(s) never seen in fitting got effects drawn from their group's fitted distribution: " +
                        string.Join(", ", result.NewLevels.Take(20).Select(l => $"{l.Term}={l.Level}")) + (result.NewLevels.Count > 20 ? ", …" : "."));
        }

        var rhatNote = result.Layout.Independent ? " (independent draws of a Laplace approximation: R-hat does not apply)" : string.Empty;
        o.WriteLine($"Post-stratified {result.FrameRows:N0} frame cells × {result.DrawCount:N0} draws{rhatNote}; wrote {Path.GetFullPath(path)}.");
    }

    private static IEnumerable<string> Numbers(EstimateSummary s) =>
        new[] { s.Estimate, s.Sd, s.Lower, s.Upper }.Select(v => TextTable.Number(v));

    private static IEnumerable<string> Diagnostics(EstimateSummary s) =>
        [TextTable.Number(s.Rhat), TextTable.Count(s.EssBulk), TextTable.Count(s.EssTail)];

    private static double MaxRhat(PoststratResult result) =>
        result.Estimates.Select(e => e.Summary.Rhat).Concat(result.Contrasts.Select(c => c.Summary.Rhat))
            .Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
}
