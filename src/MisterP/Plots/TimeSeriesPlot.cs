using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MisterP.Plots;

/// <summary>
/// A post-stratified time series (issue 14 item 3): per time point the MRP estimate on a line inside its interval
/// band, the raw mean of the fit's respondents as an open circle with its n printed under it, and the truth as a line
/// when known; one panel per level of the <c>--by</c> factor, all on one vertical scale so panels compare at a glance.
/// Raw monthly means of a few hundred respondents jump around; the model's line should follow real changes only.
/// </summary>
public static class TimeSeriesPlot
{
    private const int PanelHeight = 300;

    /// <summary>At most this many labelled ticks on the time axis; longer series label every k-th point.</summary>
    private const int MaxTicks = 13;

    public static Figure Create(TimeSeries series, string outcome, int width = PlotStyle.DefaultWidth)
    {
        var figure = new Figure(width)
        {
            Title = $"MRP estimates over {series.Over} with {series.IntervalName}" + (series.HasRaw ? " vs raw means (n under each)" : string.Empty) +
                    (series.HasTruth ? " and truth" : string.Empty),
        };
        var (low, high) = Limits(series);
        foreach (var panel in series.Panels)
        {
            // The legend goes under the last panel, below all the data it explains.
            var plot = figure.AddPanel(PanelHeight + (panel == series.Panels[^1] ? 60 : 0));
            Draw(plot, series, panel, legend: panel == series.Panels[^1]);
            plot.Title(panel.Facet is null ? $"{outcome} by {series.Over}" : $"{series.By} = {panel.Facet}");
            plot.XLabel(series.Over);
            plot.YLabel($"{outcome}: mean");
            plot.Axes.SetLimitsY(low, high);
        }

        return figure;
    }

    private static void Draw(Plot plot, TimeSeries series, SeriesPanel panel, bool legend)
    {
        var points = panel.Points;
        var xs = points.Select(p => p.Position).ToArray();
        var band = points.Where(p => double.IsFinite(p.Lower) && double.IsFinite(p.Upper)).ToList();
        if (band.Count > 1)
        {
            var fill = plot.Add.FillY(band.Select(p => p.Position).ToArray(), band.Select(p => p.Lower).ToArray(), band.Select(p => p.Upper).ToArray());
            fill.FillColor = PlotStyle.Model.WithAlpha(0.2);
            fill.LineWidth = 0;
            fill.MarkerSize = 0;
            fill.LegendText = legend ? $"MRP {series.IntervalName}" : string.Empty;
        }

        if (series.HasTruth)
        {
            var known = points.Where(p => double.IsFinite(p.Truth)).ToList();
            var truth = plot.Add.ScatterLine(known.Select(p => p.Position).ToArray(), known.Select(p => p.Truth).ToArray(), PlotStyle.Truth);
            truth.LineWidth = 2;
            truth.LegendText = legend ? "truth" : string.Empty;
        }

        var estimates = points.Where(p => double.IsFinite(p.Estimate)).ToList();
        var line = plot.Add.ScatterLine(estimates.Select(p => p.Position).ToArray(), estimates.Select(p => p.Estimate).ToArray(), PlotStyle.Model);
        line.LineWidth = 2.5f;
        var markers = plot.Add.Markers(estimates.Select(p => p.Position).ToArray(), estimates.Select(p => p.Estimate).ToArray(), MarkerShape.FilledCircle, 6, PlotStyle.Model);
        markers.LegendText = legend ? "MRP estimate" : string.Empty;

        var raw = points.Where(p => double.IsFinite(p.Raw)).ToList();
        if (raw.Count > 0)
        {
            var circles = plot.Add.Markers(raw.Select(p => p.Position).ToArray(), raw.Select(p => p.Raw).ToArray(), MarkerShape.OpenCircle, 8, PlotStyle.Raw);
            circles.MarkerLineWidth = 1.5f;
            circles.LegendText = legend ? "raw mean of the respondents" : string.Empty;
            foreach (var p in raw)
            {
                var n = plot.Add.Text(p.RawCount.ToString("0", CultureInfo.InvariantCulture), p.Position, p.Raw);
                n.LabelFontSize = 9;
                n.LabelFontColor = PlotStyle.Raw;
                n.LabelAlignment = Alignment.UpperCenter;
                n.OffsetY = 6;
            }
        }

        TimeTicks(plot, points);
        if (legend)
        {
            plot.ShowLegend(Edge.Bottom);
        }

        plot.Axes.SetLimitsX(xs.Min() - 0.6 * Step(xs), xs.Max() + 0.6 * Step(xs));
    }

    /// <summary>A labelled tick at every k-th time point, so labels never overlap.</summary>
    private static void TimeTicks(Plot plot, IReadOnlyList<SeriesPoint> points)
    {
        var every = (points.Count + MaxTicks - 1) / MaxTicks;
        var ticks = new NumericManual();
        for (var i = 0; i < points.Count; i++)
        {
            if (i % Math.Max(every, 1) == 0)
            {
                ticks.AddMajor(points[i].Position, points[i].Level);
            }
            else
            {
                ticks.AddMinor(points[i].Position);
            }
        }

        plot.Axes.Bottom.TickGenerator = ticks;
    }

    private static double Step(double[] xs) =>
        xs.Length < 2 ? 1 : xs.Zip(xs.Skip(1), (a, b) => b - a).Where(d => d > 0).DefaultIfEmpty(1).Min();

    /// <summary>One vertical range for every panel: all estimates, intervals, raw means and truths, with a margin.</summary>
    private static (double Low, double High) Limits(TimeSeries series)
    {
        var values = series.Panels.SelectMany(p => p.Points)
            .SelectMany(p => new[] { p.Lower, p.Upper, p.Estimate, p.Raw, p.Truth })
            .Where(double.IsFinite)
            .ToList();
        if (values.Count == 0)
        {
            return (0, 1);
        }

        var (low, high) = (values.Min(), values.Max());
        var margin = Math.Max(0.05 * (high - low), 1e-3);
        return (low - margin, high + margin);
    }
}
