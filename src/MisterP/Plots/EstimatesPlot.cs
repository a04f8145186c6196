using System.Globalization;
using ScottPlot;

namespace MisterP.Plots;

/// <summary>
/// The seed talk's comparison figure: one row per group, sorted by the MRP estimate, showing the raw sample mean
/// (its n in the row label), the MRP estimate with its interval, and the truth (or census share) when known.
/// </summary>
public static class EstimatesPlot
{
    /// <param name="results">The groups to show (from an EST.csv, optionally joined with a CMP.csv).</param>
    /// <param name="outcome">What the estimates are of, for the axis label (e.g. "abortion").</param>
    /// <param name="levelOrder">
    /// The fit's <c>--levels</c> orders: when one is given for every grouping column, groups are drawn in that order
    /// (top to bottom, as EST.csv lists them) instead of by estimate (issue 12 item 17).
    /// </param>
    public static Figure Create(GroupResults results, string outcome, int width = PlotStyle.DefaultWidth, IReadOnlyDictionary<string, IReadOnlyList<string>>? levelOrder = null)
    {
        var ordered = levelOrder is not null && results.Columns.Count > 0 && results.Columns.All(levelOrder.ContainsKey);
        var (groups, leftOut) = RowLimit.Extremes(
            ordered
                ? results.Groups.ToList()
                : results.Groups
                    .OrderByDescending(g => double.IsFinite(g.Estimate) ? g.Estimate : double.NegativeInfinity)
                    .ThenBy(g => g.Label, StringComparer.Ordinal)
                    .ToList(),
            RowLimit.Groups);
        var showRaw = results.HasRaw;
        var showTruth = results.HasTruth;
        var labels = groups.Select(g => showRaw
            ? $"{g.Label} (n={(double.IsFinite(g.RawCount) ? g.RawCount.ToString("0", CultureInfo.InvariantCulture) : "0")})"
            : g.Label).ToList();

        var figure = new Figure(width);
        var plot = figure.AddPanel(PlotStyle.RowsHeight(groups.Count, 150));
        var title = "MRP estimates" + (showRaw ? " vs raw sample means" : string.Empty) + (showTruth ? " and truth" : string.Empty) +
                    (results.Columns.Count > 0 ? $" by {string.Join(" × ", results.Columns)}" : string.Empty) + RowLimit.Note(groups.Count, leftOut);
        var panel = new RowPanel(plot, labels, title, $"{outcome}: {results.Quantity ?? "mean"} per group", results.Columns.Count > 0 ? string.Join(" × ", results.Columns) : "group");
        if (results.National is { } national && results.Columns.Count > 0)
        {
            panel.Reference(national.Estimate, $"whole population (MRP {national.Estimate.ToString("0.000", CultureInfo.InvariantCulture)})");
        }

        panel.Intervals(groups.Select(g => g.Estimate).ToList(), groups.Select(g => g.Lower).ToList(), groups.Select(g => g.Upper).ToList(), PlotStyle.Model, null);
        panel.Points(groups.Select(g => g.Estimate).ToList(), PlotStyle.Model, MarkerShape.FilledCircle, 8, $"MRP estimate and {results.IntervalName}");
        if (showRaw)
        {
            panel.Points(groups.Select(g => g.Raw).ToList(), PlotStyle.Raw, MarkerShape.OpenCircle, 8, "raw sample mean");
        }

        if (showTruth)
        {
            panel.Points(groups.Select(g => g.Truth).ToList(), PlotStyle.Truth, MarkerShape.Eks, 9, "truth");
        }

        panel.Legend();
        return figure;
    }
}
