using MisterP.Families;
using MisterP.Plots;

namespace MisterP.Reports;

/// <summary>"Estimates": the post-stratified estimates per group with intervals, the estimates plot and the group effects plot.</summary>
internal static class EstimatesSection
{
    public const string Id = "estimates";

    /// <param name="shares">An ordinal fit's category shares per group (drawn stacked above the mean scores); null otherwise.</param>
    public static ReportSection Build(FitOverview fit, GroupResults? estimates, double interval, CategoryShares? shares = null)
    {
        var blocks = new List<ReportBlock>();
        if (estimates is null)
        {
            blocks.Add(new ParagraphBlock("No estimates given: run mrp poststrat on a population frame and pass its output with --estimates EST.csv.", Tone.Note));
        }
        else
        {
            if (shares is not null)
            {
                using var stacked = CategorySharesPlot.Create(shares, fit.Outcome, 900, ordered: !CategoryFamilies.IsUnordered(fit.Shape.Family));
                blocks.Add(new ImageBlock(stacked.ToPng(), stacked.Width, stacked.Height,
                    $"Post-stratified share of each category of {fit.Outcome} per group (posterior means, in the outcome's order from left to right); " +
                    $"below, the {estimates.Quantity ?? "mean"} score per group with its interval (mrp plot DIR estimates --quantity chooses another quantity)."));
            }

            if (estimates.National is { } national)
            {
                blocks.Add(new ParagraphBlock(
                    $"Whole population{(estimates.Quantity is { } q ? $" ({q})" : string.Empty)}: {ReportText.Number(national.Estimate)} ({estimates.IntervalName} {ReportText.Number(national.Lower)} to {ReportText.Number(national.Upper)}; " +
                    $"posterior sd {ReportText.Number(national.Sd)}).", Tone.Note));
            }

            if (TimeSeries.CalendarAxis(estimates) is { } axis)
            {
                // Estimates over months read as a time series (issue 14 item 3): the series figure, the table beside it.
                using var figure = TimeSeriesPlot.Create(TimeSeries.From(estimates, axis.Over, axis.By), fit.Outcome, 680);
                var image = new ImageBlock(figure.ToPng(), figure.Width, figure.Height,
                    $"MRP estimates by {axis.Over} in time order, the band their {estimates.IntervalName}s" +
                    (estimates.HasRaw ? "; open circles the raw means of the respondents with n under each (none where nobody answered)" : string.Empty) +
                    (estimates.HasTruth ? "; the red line the truth" : string.Empty) +
                    (axis.By is null ? "." : $"; one panel per {axis.By}."));
                blocks.Add(new ColumnsBlock([image, Table(estimates) with { Unfolded = estimates.Groups.Count <= 80 }]));
            }
            else if (estimates.Columns.Count > 0)
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
            $"Estimates{(estimates.Quantity is { } q ? $" of the {q}" : string.Empty)} by {string.Join(" × ", estimates.Columns)}: posterior mean, sd and {estimates.IntervalName} (lower, upper)",
            [string.Join(" × ", estimates.Columns), "estimate", "sd", "lower", "upper", "population"],
            rows);
    }
}
