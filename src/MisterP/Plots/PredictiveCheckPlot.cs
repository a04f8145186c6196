using System.Globalization;
using ScottPlot;

namespace MisterP.Plots;

/// <summary>
/// The posterior predictive check as a figure: one row per group (sorted by observed mean), the replicated means'
/// mean and interval next to the observed mean. Observed means far outside their intervals point at structure the
/// model misses for that grouping.
/// </summary>
public static class PredictiveCheckPlot
{
    public static Figure Create(PredictiveCheck check, string outcome, int width = PlotStyle.DefaultWidth)
    {
        var (groups, leftOut) = RowLimit.Extremes(
            check.Groups.OrderByDescending(g => g.Observed).ThenBy(g => g.Level, StringComparer.Ordinal).ToList(),
            RowLimit.Groups);
        var unit = check.PerTrial ? "trials" : "rows";
        // The posterior predictive p-value next to each group: near 0 or 1 flags a group the model over- or under-predicts.
        var labels = groups.Select(g => $"{g.Level} (n={g.Units.ToString("0", CultureInfo.InvariantCulture)}, p={PValueText(g.PValue)})").ToList();
        var percent = (check.Interval * 100).ToString("0.#", CultureInfo.InvariantCulture);
        var figure = new Figure(width);
        var plot = figure.AddPanel(PlotStyle.RowsHeight(groups.Count, 150));
        var byText = check.Group == Poststrat.GroupingSet.Everyone ? string.Empty : $" by {check.Group}";
        var title = $"Posterior predictive check{byText}: {check.Outside} of {check.Groups.Count} observed means outside the {percent}% interval" +
                    RowLimit.Note(groups.Count, leftOut);
        var panel = new RowPanel(
            plot,
            labels,
            title,
            $"{outcome}: mean {(check.PerTrial ? "per trial" : "per row")} ({check.Draws} replications; n = {unit}; p = P(replicated ≥ observed))",
            check.Group == Poststrat.GroupingSet.Everyone ? string.Empty : check.Group);
        panel.Intervals(groups.Select(g => g.ReplicatedMean).ToList(), groups.Select(g => g.Lower).ToList(), groups.Select(g => g.Upper).ToList(), PlotStyle.Model, null, 3);
        panel.Points(groups.Select(g => g.ReplicatedMean).ToList(), PlotStyle.Model, MarkerShape.FilledCircle, 6, $"replicated mean and {percent}% interval");
        panel.Points(groups.Select(g => g.Observed).ToList(), PlotStyle.Truth, MarkerShape.FilledDiamond, 9, "observed mean (the fit's data)");
        panel.Legend();
        return figure;
    }

    /// <summary>Two decimals, as p-values are read (the CSV has them in full).</summary>
    public static string PValueText(double p) => p.ToString("0.00", CultureInfo.InvariantCulture);
}
