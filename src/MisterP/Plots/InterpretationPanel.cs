using MisterP.Interpretation;
using ScottPlot;

namespace MisterP.Plots;

/// <summary>One panel of an interpretation figure (a ScottPlot plot), and the legend beside the panels.</summary>
internal static class InterpretationPanel
{
    public static Plot Build(
        InterpretationFacets facets,
        InterpretationResult result,
        string? panel,
        bool first,
        double low,
        double high,
        IPalette colours,
        float? rotatedLabelWidth)
    {
        var plot = NewPlot();
        var rows = facets.Rows.Where(r => facets.PanelOf(r) == panel).ToList();
        // Fixed padding, the same in every panel, so the panels' data areas line up; category labels read upwards
        // when they would not fit side by side.
        plot.Layout.Fixed(new PixelPadding(first ? 84 : 60, 14, 62 + (rotatedLabelWidth is { } extra ? (int)extra : 0), facets.Panel is null ? 16 : 40));
        if (result.Kind != InterpretationKind.Predictions)
        {
            plot.Add.HorizontalLine(0, 1.5f, Colors.Gray, LinePattern.Dashed);
        }

        for (var g = 0; g < facets.Groups.Count; g++)
        {
            var group = facets.Groups[g];
            var colour = colours.GetColor(g);
            var series = rows.Where(r => facets.GroupOf(r) == group).ToList();
            if (facets.NumericMain)
            {
                DrawLine(plot, facets, series, colour);
            }
            else
            {
                var offset = facets.Groups.Count > 1 ? (g - (facets.Groups.Count - 1) / 2.0) * Math.Min(0.7 / facets.Groups.Count, 0.2) : 0;
                DrawPoints(plot, facets, series, colour, offset);
            }
        }

        if (facets.Panel is not null)
        {
            plot.Title($"{facets.Panel} = {panel}", 15);
        }

        plot.XLabel(facets.Main, 15);
        plot.YLabel(first ? result.Measure : string.Empty, 15);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.SetLimitsY(low, high);
        if (facets.NumericMain)
        {
            var xs = facets.Rows.Select(facets.MainNumber).ToList();
            plot.Axes.SetLimitsX(xs.Min(), xs.Max() > xs.Min() ? xs.Max() : xs.Min() + 1);
        }
        else
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, facets.Categories.Count).Select(i => (double)i).ToArray(), facets.Categories.ToArray());
            plot.Axes.Bottom.MajorTickStyle.Length = 4;
            plot.Axes.Bottom.MinorTickStyle.Length = 0;
            if (rotatedLabelWidth is { } labelWidth)
            {
                plot.Axes.Bottom.TickLabelStyle.Rotation = -90;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
                // ScottPlot places the axis label below the unrotated labels' height; move it below the rotated ones.
                plot.Axes.Bottom.Label.OffsetY = labelWidth - 14;
            }

            plot.Axes.SetLimitsX(-0.6, facets.Categories.Count - 0.4);
        }

        plot.HideLegend();
        return plot;
    }

    /// <summary>A plot holding only the legend: the group column's name, then one coloured item per group.</summary>
    public static Plot Legend(InterpretationFacets facets, IPalette colours)
    {
        var plot = NewPlot();
        plot.Layout.Frameless();
        plot.HideAxesAndGrid();
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = facets.Group!, LineWidth = 0, MarkerShape = MarkerShape.None });
        for (var g = 0; g < facets.Groups.Count; g++)
        {
            var colour = colours.GetColor(g);
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = facets.Groups[g] ?? string.Empty,
                LineColor = colour,
                LineWidth = 2.5f,
                MarkerShape = MarkerShape.FilledCircle,
                MarkerSize = 9,
                MarkerFillColor = colour,
                MarkerLineColor = colour,
            });
        }

        plot.Legend.FontSize = 14;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.BackgroundColor = Colors.White;
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(InterpretationText.Font);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        return plot;
    }

    private static void DrawLine(Plot plot, InterpretationFacets facets, IReadOnlyList<InterpretationRow> series, Color colour)
    {
        var ordered = series.OrderBy(facets.MainNumber).ToList();
        var xs = ordered.Select(facets.MainNumber).ToArray();
        var band = plot.Add.FillY(xs, ordered.Select(r => r.Summary.Lower).ToArray(), ordered.Select(r => r.Summary.Upper).ToArray());
        band.FillColor = colour.WithAlpha(0.18);
        band.LineWidth = 0;
        band.MarkerSize = 0;
        var line = plot.Add.Scatter(xs, ordered.Select(r => r.Summary.Estimate).ToArray(), colour);
        line.LineWidth = 2.5f;
        line.MarkerSize = xs.Length <= 12 ? 7 : 0;
    }

    private static void DrawPoints(Plot plot, InterpretationFacets facets, IReadOnlyList<InterpretationRow> series, Color colour, double offset)
    {
        var xs = series.Select(r => facets.Categories.ToList().IndexOf(facets.MainText(r)) + offset).ToArray();
        var ys = series.Select(r => r.Summary.Estimate).ToArray();
        var zeros = new double[xs.Length];
        // Named properties, not the constructor's positional lists: ScottPlot's order is (positive, negative), and
        // passing (below, above) drew every asymmetric interval upside down (issue 12 item 16).
        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, zeros, zeros, zeros, zeros)
        {
            YErrorPositive = series.Select(r => r.Summary.Upper - r.Summary.Estimate).ToArray(),
            YErrorNegative = series.Select(r => r.Summary.Estimate - r.Summary.Lower).ToArray(),
            Color = colour,
            LineWidth = 2,
            CapSize = 5,
        };
        plot.Add.Plottable(bars);
        plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 9, colour);
    }
}
