using System.Globalization;
using MisterP.Interpretation;
using MisterP.Output;
using ScottPlot;
using SkiaSharp;

namespace MisterP.Plots;

/// <summary>
/// The figure of predictions, comparisons or slopes (Bambi's plot_predictions / plot_comparisons): the main variable on
/// the x axis, one colour per group, one panel per panel level side by side with a shared y axis; estimates as points
/// with interval bars (categorical x) or lines with interval bands (numeric x), a zero line for differences and
/// slopes, a title saying what is shown and a legend. PNG or SVG by the file's extension.
/// </summary>
public static class InterpretationPlot
{
    private const int TitleHeight = 74;
    private const int PanelHeight = 500;

    public static void CheckPath(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
        {
            throw new UserInputException($"--plot '{path}': give a file ending in .png or .svg.");
        }
    }

    /// <summary>Throws the error <see cref="Write"/> would for these facets, before anything is written.</summary>
    public static void Validate(InterpretationResult result, InterpretationPlotOptions options) =>
        InterpretationFacets.Resolve(CategoryQuantityView.Of(result, options.Quantity), options);

    public static void Write(string path, InterpretationResult result, InterpretationPlotOptions options)
    {
        CheckPath(path);
        result = CategoryQuantityView.Of(result, options.Quantity);
        var facets = InterpretationFacets.Resolve(result, options);
        var legendWidth = facets.Group is null ? 0 : LegendWidth(facets);
        var slots = facets.NumericMain ? 8 : facets.Categories.Count * Math.Max(1, facets.Groups.Count);
        var labelWidth = facets.NumericMain ? 0 : facets.Categories.Max(c => InterpretationText.Width(c, 13));
        // Wide enough for every interval bar, and for the category labels side by side when that stays reasonable.
        var wanted = Math.Max(90 + 26 * slots, facets.NumericMain ? 0 : 150 + (int)(facets.Categories.Count * (labelWidth + 14)));
        var panelWidth = Math.Clamp(wanted, 380, facets.Panels.Count == 1 ? 1800 : 760);
        var title = options.Title ?? Title(result, facets);
        var subtitle = Subtitle(result);
        var width = options.Width ?? Math.Max(20 + facets.Panels.Count * panelWidth + legendWidth, (int)InterpretationText.Width(title, 21, bold: true) + 60);
        var each = (width - legendWidth - 10f) / facets.Panels.Count;
        var rotate = !facets.NumericMain && labelWidth > (each - 150) / facets.Categories.Count - 6;
        var height = options.Height ?? (TitleHeight + PanelHeight + (rotate ? (int)labelWidth : 0));
        if (width < 200 || height < 200)
        {
            throw new UserInputException($"The plot needs at least 200 × 200 pixels (got {width} × {height}).");
        }

        var (low, high) = SharedLimits(facets, result.Kind != InterpretationKind.Predictions);
        // An ordered outcome's categories in colour are a ramp, the same as the stacked shares of its estimates; an
        // unordered outcome's, the same qualitative colours as its stacked shares.
        IPalette colours = facets.Group != "category" ? new ScottPlot.Palettes.Category10()
            : options.UnorderedCategories ? new UnorderedPalette(facets.Groups.Count) : new OrderedPalette(facets.Groups.Count);
        var plots = facets.Panels.Select((panel, k) => InterpretationPanel.Build(facets, result, panel, k == 0, low, high, colours, rotate ? labelWidth : null)).ToList();
        Plot? legend = facets.Group is null ? null : InterpretationPanel.Legend(facets, colours);
        void Draw(SKCanvas canvas)
        {
            canvas.Clear(SKColors.White);
            for (var k = 0; k < plots.Count; k++)
            {
                var left = 10 + k * each;
                RenderClipped(canvas, plots[k], new PixelRect(left, left + each, height - 8, TitleHeight));
            }

            if (legend is not null)
            {
                RenderClipped(canvas, legend, new PixelRect(width - legendWidth, width - 8, height - 8, TitleHeight + 30));
            }

            // A title wider than a user-sized image shrinks to fit rather than being cut off.
            var size = 21f;
            while (size > 11 && InterpretationText.Width(title, size, bold: true) > width - 20)
            {
                size -= 1;
            }

            InterpretationText.Draw(canvas, title, width / 2f, 32, size, bold: true);
            InterpretationText.Draw(canvas, subtitle, width / 2f, 58, 14, bold: false);
        }

        if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            using var svg = new MemoryStream();
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), svg))
            {
                Draw(canvas);
            }

            // Marked so a later run recognises its own figure (OutputKind.Figure) and may replace it.
            var marked = FigureMarker.MarkSvg(System.Text.Encoding.UTF8.GetString(svg.ToArray()));
            AtomicFile.Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(marked)));
            return;
        }

        using var surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException("Could not create a drawing surface.");
        Draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => stream.Write(FigureMarker.MarkPng(png.ToArray())));
    }

    /// <summary>One y range for every panel (so panels compare at a glance), including zero for differences.</summary>
    private static (double Low, double High) SharedLimits(InterpretationFacets facets, bool includeZero)
    {
        var values = facets.Rows.SelectMany(r => new[] { r.Summary.Lower, r.Summary.Upper, r.Summary.Estimate }).Where(double.IsFinite).ToList();
        if (includeZero)
        {
            values.Add(0);
        }

        if (values.Count == 0)
        {
            return (0, 1);
        }

        var (low, high) = (values.Min(), values.Max());
        var margin = high > low ? 0.06 * (high - low) : Math.Max(Math.Abs(high) * 0.1, 0.1);
        return (low - margin, high + margin);
    }

    private static int LegendWidth(InterpretationFacets facets)
    {
        var longest = facets.Groups.Select(g => g ?? string.Empty).Append(facets.Group!).Max(t => InterpretationText.Width(t, 14));
        return Math.Clamp(70 + (int)longest, 120, 360);
    }

    private static string Title(InterpretationResult result, InterpretationFacets facets)
    {
        var within = new[] { facets.Main, facets.Group, facets.Panel }.OfType<string>().Where(c => c is not ("contrast" or "category")).ToList();
        var strata = within.Count switch
        {
            0 => string.Empty,
            1 => $" by {within[0]}",
            _ when result.Kind != InterpretationKind.Comparisons => $" by {string.Join(", ", within.Take(within.Count - 1))} and {within[^1]}",
            _ => $" within {string.Join(", ", within.Take(within.Count - 1))} and {within[^1]} strata",
        };
        var contrasts = result.ColumnIndex("contrast") is var c and >= 0 ? facets.Rows.Select(r => r.Values[c]).Distinct().ToList() : [];
        var term = result.ColumnIndex("term") is var t and >= 0 ? facets.Rows[0].Values[t] : null;
        var measure = char.ToUpperInvariant(result.Measure[0]) + result.Measure[1..];
        return result.Kind switch
        {
            InterpretationKind.Comparisons or InterpretationKind.Slopes when contrasts.Count == 1 && contrasts[0] != "dY/dX" =>
                $"{measure}, {term} {contrasts[0].Replace(" - ", " − ", StringComparison.Ordinal)},{strata}",
            _ => measure + strata,
        };
    }

    private static string Subtitle(InterpretationResult result)
    {
        var interval = (result.Interval * 100).ToString("0.##", CultureInfo.InvariantCulture);
        return result.Bayesian
            ? $"posterior mean with {interval}% interval ({result.DrawCount:N0} draws)"
            : $"maximum-likelihood estimate with {interval}% Wald interval";
    }

    /// <summary>ScottPlot clears the canvas before drawing a plot; a clip keeps each plot to its own rectangle.</summary>
    private static void RenderClipped(SKCanvas canvas, Plot plot, PixelRect rect)
    {
        canvas.Save();
        canvas.ClipRect(new SKRect(rect.Left, rect.Top, rect.Right, rect.Bottom));
        plot.Render(canvas, rect);
        canvas.Restore();
    }
}
