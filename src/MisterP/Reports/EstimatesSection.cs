using MisterP.Plots;

namespace MisterP.Reports;

/// <summary>"Estimates": the post-stratified estimates per group with intervals, the estimates plot and the group effects plot.</summary>
internal static class EstimatesSection
{
    public const string Id = "estimates";

    public static ReportSection Build(FitOverview fit, GroupResults? estimates, double interval)
    {
        var blocks = new List<ReportBlock>();
        if (estimates is null)
        {
            blocks.Add(new ParagraphBlock("No estimates given: run mrp poststrat on a population frame and pass its output with --estimates EST.csv.", Tone.Note));
        }
        else
        {
            if (estimates.National is { } national)
            {
                blocks.Add(new ParagraphBlock(
                    $"Whole population: {ReportText.Number(national.Estimate)} ({estimates.IntervalName} {ReportText.Number(national.Lower)} to {ReportText.Number(national.Upper)}; " +
                    $"posterior sd {ReportText.Number(national.Sd)}).", Tone.Note));
            }

            if (estimates.Columns.Count > 0)
            {
                // The figure and the table have a row per group each: side by side they fill the page's width.
                using var figure = EstimatesPlot.Create(estimates, fit.Outcome, 680, fit.LevelOrder);
                var ordered = estimates.Columns.All(fit.LevelOrder.ContainsKey);
                var image = new ImageBlock(figure.ToPng(), figure.Width, figure.Height,
                    (ordered ? "Groups in the fit's --levels order" : "Groups sorted by MRP estimate") + $"; bars are the {estimates.IntervalName}s of the EST.csv" +
                    (estimates.HasRaw ? "; open circles the raw sample means (n in the label)" : string.Empty) +
                    (estimates.HasTruth ? "; crosses the truth" : string.Empty) + ".");
                blocks.Add(new ColumnsBlock([image, Table(estimates) with { Unfolded = estimates.Groups.Count <= 80 }]));
            }
        }

        if (fit.Draws is { } draws && fit.Shape.GroupTerms.Count > 0)
        {
            using var effects = Families.CategoryFamilies.IsUnordered(fit.Shape.Family)
                ? CategoryEffects.Create(fit.Shape, draws, null, interval, 1200, columns: 2)
                : EffectsPlot.Create(fit.Shape, draws, null, interval, 1200, columns: 2);
            blocks.Add(new ImageBlock(effects.ToPng(), effects.Width, effects.Height,
                "Group effects on the link scale, each term's levels sorted by posterior mean; a term whose effects all straddle zero adds little."));
        }

        return new ReportSection(Id, "Estimates", blocks);
    }

    private static TableBlock Table(GroupResults estimates)
    {
        var rows = estimates.Groups.Select(g => (IReadOnlyList<string>)
        [
            g.Label, ReportText.Number(g.Estimate), ReportText.Number(g.Sd), ReportText.Number(g.Lower), ReportText.Number(g.Upper), ReportText.Count(g.Population),
        ]).ToList();
        return new TableBlock(
            $"Estimates by {string.Join(" × ", estimates.Columns)}: posterior mean, sd and {estimates.IntervalName} (lower, upper)",
            [string.Join(" × ", estimates.Columns), "estimate", "sd", "lower", "upper", "population"],
            rows);
    }
}
