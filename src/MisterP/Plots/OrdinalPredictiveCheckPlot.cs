using System.Globalization;
using ScottPlot;

namespace MisterP.Plots;

/// <summary>
/// The ordinal posterior predictive check as a figure: for the data as a whole, one row per category; by a grouping
/// factor, one panel per category with one row per group (sorted by observed share). Each row shows the replicated
/// shares' mean and interval, the observed share as a diamond and the p-value in its label.
/// </summary>
public static class OrdinalPredictiveCheckPlot
{
    public static Figure Create(OrdinalPredictiveCheck check, string outcome, int width = PlotStyle.DefaultWidth)
    {
        var percent = (check.Interval * 100).ToString("0.#", CultureInfo.InvariantCulture);
        var everyone = check.Group == Poststrat.GroupingSet.Everyone;
        var cells = check.Rows.Count;
        var figure = new Figure(width)
        {
            // Short enough for the report's 680-pixel figures; the panels say the grouping.
            Title = $"Predictive check: {check.Outside} of {cells} shares outside {percent}% intervals",
        };
        var axis = $"share of rows ({check.Draws} replications; p = P(replicated ≥ observed))";
        if (everyone)
        {
            Panel(figure, check.Rows, r => $"{r.Category} (p={PredictiveCheckPlot.PValueText(r.PValue)})", "all data", axis, outcome, percent);
            return figure;
        }

        var first = true;
        foreach (var category in check.Categories)
        {
            var rows = check.Rows.Where(r => r.Category == category)
                .OrderByDescending(r => r.Observed).ThenBy(r => r.Level, StringComparer.Ordinal).ToList();
            Panel(figure, rows, r => $"{r.Level} (n={r.Units.ToString("0", CultureInfo.InvariantCulture)}, p={PredictiveCheckPlot.PValueText(r.PValue)})",
                $"{outcome} = {category}, by {check.Group}", axis, check.Group, percent, legend: first);
            first = false;
        }

        return figure;
    }

    private static void Panel(Figure figure, IReadOnlyList<PredictiveCategory> all, Func<PredictiveCategory, string> label, string title, string axis, string groupLabel, string percent, bool legend = true)
    {
        var (rows, leftOut) = RowLimit.Extremes(all, RowLimit.Groups);
        var plot = figure.AddPanel(PlotStyle.RowsHeight(rows.Count, 150));
        var panel = new RowPanel(plot, rows.Select(label).ToList(), title + RowLimit.Note(rows.Count, leftOut), axis, groupLabel);
        panel.Intervals(rows.Select(r => r.ReplicatedMean).ToList(), rows.Select(r => r.Lower).ToList(), rows.Select(r => r.Upper).ToList(), PlotStyle.Model, null, 3);
        // The legend once, under the first panel: every panel reads the same.
        panel.Points(rows.Select(r => r.ReplicatedMean).ToList(), PlotStyle.Model, MarkerShape.FilledCircle, 6, legend ? $"replicated share and {percent}% interval" : null);
        panel.Points(rows.Select(r => r.Observed).ToList(), PlotStyle.Truth, MarkerShape.FilledDiamond, 9, legend ? "observed share (the fit's data)" : null);
        if (legend)
        {
            panel.Legend();
        }
    }
}
