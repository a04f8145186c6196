using ScottPlot;

namespace MisterP.Plots;

/// <summary>
/// An ordinal or categorical fit's post-stratified estimates as stacked shares: one horizontal bar per group, split
/// into its categories' shares (posterior means, which add up to one), first category on the left. An ordered outcome is
/// coloured from light to dark in its order; an unordered one (categorical, multinomial) with a qualitative palette, so
/// no category looks "more" than another. Groups keep EST.csv's order (the fit's <c>--levels</c> order, else by key).
/// </summary>
public static class CategorySharesPlot
{
    /// <param name="ordered">The outcome's categories are ordered (cumulative) rather than unordered (categorical, multinomial).</param>
    public static Figure Create(CategoryShares shares, string outcome, int width = PlotStyle.DefaultWidth, bool ordered = true)
    {
        var (groups, leftOut) = RowLimit.Extremes(shares.Groups, RowLimit.Groups);
        var figure = new Figure(width);
        var plot = figure.AddPanel(PlotStyle.RowsHeight(groups.Count, 170));
        var label = shares.Columns.Count > 0 ? string.Join(" × ", shares.Columns) : "group";
        var title = $"Post-stratified shares of {outcome}" + (shares.Columns.Count > 0 ? $" by {label}" : string.Empty) + RowLimit.Note(groups.Count, leftOut);
        var panel = new RowPanel(plot, groups.Select(g => g.Key.Count > 0 ? g.Label : "whole population").ToList(), title, $"share of the population (posterior mean); {outcome} from left to right", label);
        var bars = new List<Bar>();
        for (var c = 0; c < shares.Categories.Count; c++)
        {
            var colour = ordered ? Colour(c, shares.Categories.Count) : UnorderedColour(c);
            for (var row = 0; row < groups.Count; row++)
            {
                var start = groups[row].Shares.Take(c).Where(double.IsFinite).Sum();
                var share = groups[row].Shares[c];
                if (!double.IsFinite(share))
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = panel.Y(row),
                    ValueBase = start,
                    Value = start + share,
                    FillColor = colour,
                    LineColor = Colors.White,
                    LineWidth = 1,
                    Size = 0.7,
                    Orientation = Orientation.Horizontal,
                });
            }

            // One legend entry per category, in order.
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = shares.Categories[c], FillColor = colour, LineWidth = 0 });
        }

        plot.Add.Bars(bars);
        plot.Axes.SetLimitsX(0, 1);
        plot.Legend.Orientation = Orientation.Horizontal;
        panel.Legend();
        return figure;
    }

    /// <summary>Category <paramref name="c"/> of <paramref name="count"/> on the viridis ramp from light to dark, so ordered categories read as ordered.</summary>
    public static Color Colour(int c, int count)
    {
        var t = count <= 1 ? 1 : c / (double)(count - 1);
        return new ScottPlot.Colormaps.Viridis().GetColor(0.95 - 0.85 * t);
    }

    /// <summary>Category <paramref name="c"/> of an unordered outcome: Tableau's qualitative palette of 10, then 20 for more.</summary>
    public static Color UnorderedColour(int c) => c < 10 ? new ScottPlot.Palettes.Category10().GetColor(c) : new ScottPlot.Palettes.Category20().GetColor(c);

}
