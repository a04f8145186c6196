using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace MisterP.Plots;

/// <summary>
/// A dot-and-interval panel with one labelled row per group (Gelman's "secret weapon" layout): groups on the
/// vertical axis, the first row at the top, values along the horizontal axis. Shared by the estimates, effects and
/// posterior predictive plots.
/// </summary>
internal sealed class RowPanel
{
    private readonly Plot _plot;
    private readonly int _rows;

    public RowPanel(Plot plot, IReadOnlyList<string> labels, string title, string valueLabel, string groupLabel)
    {
        _plot = plot;
        _rows = labels.Count;
        var ticks = new NumericManual();
        for (var i = 0; i < labels.Count; i++)
        {
            ticks.AddMajor(Y(i), labels[i]);
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Title(title);
        plot.XLabel(valueLabel);
        plot.YLabel(groupLabel);
        plot.Axes.SetLimitsY(-0.75, Math.Max(_rows, 1) - 0.25);
    }

    /// <summary>Vertical position of row <paramref name="row"/> (row 0 at the top).</summary>
    public double Y(int row) => _rows - 1 - row;

    /// <summary>Horizontal interval bars from <paramref name="lower"/> to <paramref name="upper"/> around <paramref name="centre"/>.</summary>
    public void Intervals(IReadOnlyList<double> centre, IReadOnlyList<double> lower, IReadOnlyList<double> upper, Color color, string? legend, float width = 2)
    {
        var rows = Enumerable.Range(0, centre.Count).Where(i => double.IsFinite(centre[i]) && double.IsFinite(lower[i]) && double.IsFinite(upper[i])).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var zeros = rows.Select(_ => 0.0).ToList();
        // Named properties: the constructor's positional error lists are easy to swap (see InterpretationPanel).
        var bars = new ErrorBar(rows.Select(i => centre[i]).ToList(), rows.Select(i => Y(i)).ToList(), zeros, zeros, zeros, zeros)
        {
            XErrorPositive = rows.Select(i => Math.Max(0, upper[i] - centre[i])).ToList(),
            XErrorNegative = rows.Select(i => Math.Max(0, centre[i] - lower[i])).ToList(),
            Color = color,
            LineWidth = width,
            CapSize = 0,
            LegendText = legend ?? string.Empty,
        };
        _plot.Add.Plottable(bars);
    }

    /// <summary>One marker per row at <paramref name="values"/> (rows with NaN are skipped).</summary>
    public void Points(IReadOnlyList<double> values, Color color, MarkerShape shape, float size, string? legend)
    {
        var rows = Enumerable.Range(0, values.Count).Where(i => double.IsFinite(values[i])).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var markers = _plot.Add.Markers(rows.Select(i => values[i]).ToArray(), rows.Select(i => Y(i)).ToArray(), shape, size, color);
        markers.LegendText = legend ?? string.Empty;
        markers.MarkerLineWidth = 1.5f;
    }

    /// <summary>A dashed vertical reference line (zero, the national estimate) with its legend entry.</summary>
    public void Reference(double x, string legend)
    {
        if (!double.IsFinite(x))
        {
            return;
        }

        var line = _plot.Add.VerticalLine(x, 1.5f, PlotStyle.Reference, LinePattern.Dashed);
        line.LegendText = legend;
    }

    /// <summary>Legend under the data, so it never hides a row.</summary>
    public void Legend()
    {
        _plot.ShowLegend(Edge.Bottom);
    }
}
