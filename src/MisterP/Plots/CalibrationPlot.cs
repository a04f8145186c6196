using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;

namespace MisterP.Plots;

/// <summary>
/// The calibration check as a figure: per bin the observed share (with its interval) against the mean predicted
/// probability, and the diagonal of perfect calibration. Bins off the diagonal by more than their interval show
/// where the model's probabilities are too high or too low.
/// </summary>
public static class CalibrationPlot
{
    public static Figure Create(Calibration calibration, string outcome, int width = PlotStyle.DefaultWidth)
    {
        var bins = calibration.Bins;
        var percent = (calibration.Interval * 100).ToString("0.#", CultureInfo.InvariantCulture);
        var figure = new Figure(width);
        var plot = figure.AddPanel(Math.Min(width, 700));
        plot.Title($"Calibration: {calibration.Outside} of {bins.Count} bins' mean predictions outside the observed share's {percent}% interval");
        plot.XLabel($"{outcome}: posterior mean predicted probability (bins of equal trials)");
        plot.YLabel($"{outcome}: observed share");

        // One range for both axes, so the diagonal is at 45°.
        var values = bins.SelectMany(b => new[] { b.Predicted, b.Lower, b.Upper }).ToList();
        var low = values.Count == 0 ? 0 : values.Min();
        var high = values.Count == 0 ? 1 : values.Max();
        var pad = Math.Max(0.02, 0.05 * (high - low));
        (low, high) = (Math.Max(0, low - pad), Math.Min(1, high + pad));

        var diagonal = plot.Add.Line(low, low, high, high);
        diagonal.Color = PlotStyle.Reference;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LineWidth = 1.5f;
        diagonal.LegendText = "perfect calibration";
        if (bins.Count > 0)
        {
            var zeros = bins.Select(_ => 0.0).ToList();
            var bars = new ErrorBar(bins.Select(b => b.Predicted).ToList(), bins.Select(b => b.Observed).ToList(), zeros, zeros, zeros, zeros)
            {
                YErrorPositive = bins.Select(b => Math.Max(0, b.Upper - b.Observed)).ToList(),
                YErrorNegative = bins.Select(b => Math.Max(0, b.Observed - b.Lower)).ToList(),
                Color = PlotStyle.Model,
                LineWidth = 2,
                CapSize = 0,
                LegendText = $"observed share and {percent}% interval (Jeffreys)",
            };
            plot.Add.Plottable(bars);
            var markers = plot.Add.Markers(bins.Select(b => b.Predicted).ToArray(), bins.Select(b => b.Observed).ToArray(), MarkerShape.FilledCircle, 7, PlotStyle.Model);
            markers.MarkerLineWidth = 1.5f;
        }

        plot.Axes.SetLimits(low, high, low, high);
        plot.ShowLegend(Edge.Bottom);
        return figure;
    }
}
