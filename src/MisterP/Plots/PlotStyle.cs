using ScottPlot;

namespace MisterP.Plots;

/// <summary>
/// The look every MisterP figure shares: one font (DejaVu Sans, installed with most Linux desktops and bundled by
/// Debian's fonts-dejavu), sizes readable at 100% zoom, and one colour per role (raw, MRP, truth) so figures can be
/// read side by side.
/// </summary>
public static class PlotStyle
{
    public const string FontName = "DejaVu Sans";

    public const float TitleSize = 16;
    public const float AxisLabelSize = 14;
    public const float TickLabelSize = 12;
    public const float LegendSize = 12;

    /// <summary>Pixels per labelled row in dot-and-interval plots (one group per row).</summary>
    public const int RowHeight = 22;

    public const int DefaultWidth = 900;

    /// <summary>Raw sample means: grey, as the uncorrected baseline.</summary>
    public static readonly Color Raw = Color.FromHex("#7f7f7f");

    /// <summary>Model estimates (MRP, posterior effects, replicated data): blue.</summary>
    public static readonly Color Model = Color.FromHex("#1f77b4");

    /// <summary>Truth, observed data: orange-red, to stand out against both.</summary>
    public static readonly Color Truth = Color.FromHex("#d62728");

    /// <summary>Reference lines (zero, national estimate).</summary>
    public static readonly Color Reference = Color.FromHex("#444444");

    /// <summary>Chain colours (Tableau 10, colour-blind friendlier than ScottPlot's default order).</summary>
    public static readonly IReadOnlyList<Color> Chains =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
        Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    public static Color Chain(int chain) => Chains[chain % Chains.Count];

    /// <summary>Fonts, sizes and a light grid on <paramref name="plot"/>; call after adding the plottables.</summary>
    public static void Apply(Plot plot)
    {
        plot.Font.Set(FontName);
        plot.Axes.Title.Label.FontSize = TitleSize;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = AxisLabelSize;
            axis.TickLabelStyle.FontSize = TickLabelSize;
        }

        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = LegendSize;
        plot.Grid.MajorLineColor = Color.FromHex("#e5e5e5");
    }

    /// <summary>Height of a one-row-per-group panel: room for title, axis and legend, plus a row per group.</summary>
    public static int RowsHeight(int rows, int chrome = 130) => chrome + RowHeight * Math.Max(rows, 4);

    /// <summary>Width in pixels of <paramref name="text"/> in the figures' font, to give stacked panels one left margin.</summary>
    public static float TextWidth(string text, float size = TickLabelSize)
    {
        using var typeface = SkiaSharp.SKTypeface.FromFamilyName(FontName);
        using var font = new SkiaSharp.SKFont(typeface, size);
        return font.MeasureText(text);
    }

    /// <summary>
    /// Gives every panel's left axis the same width (room for the widest of <paramref name="labels"/> plus the axis
    /// title), so stacked panels share one horizontal layout and read as one figure.
    /// </summary>
    public static void AlignLeftAxes(IEnumerable<Plot> plots, IEnumerable<string> labels)
    {
        var width = labels.Select(l => TextWidth(l)).DefaultIfEmpty(0).Max() + 2 * AxisLabelSize + 16;
        foreach (var plot in plots)
        {
            plot.Axes.Left.MinimumSize = width;
        }
    }
}
