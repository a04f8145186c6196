using MisterP.Output;
using ScottPlot;
using SkiaSharp;

namespace MisterP.Plots;

/// <summary>The image formats a figure is written in, chosen by the output file's extension.</summary>
public enum FigureFormat
{
    Png,
    Svg,
}

/// <summary>
/// One image made of ScottPlot panels laid out in a grid (row heights may differ, so a panel with 50 groups gets
/// more room than one with 4), under an optional figure title; written as PNG or SVG. ScottPlot's own multiplot
/// writes PNG only, so panels are rendered here onto one Skia canvas, raster or SVG alike.
/// </summary>
public sealed class Figure : IDisposable
{
    private const int TitleHeight = 36;
    private readonly List<(Plot Plot, int Height)> _panels = [];

    public Figure(int width = PlotStyle.DefaultWidth, int columns = 1)
    {
        if (width < 100 || columns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "A figure needs a width of at least 100 pixels and one column.");
        }

        Width = width;
        Columns = columns;
    }

    public int Width { get; }

    public int Columns { get; }

    /// <summary>Figure-level title above all panels (each panel has its own title too); null for none.</summary>
    public string? Title { get; init; }

    public IReadOnlyList<Plot> Panels => _panels.Select(p => p.Plot).ToList();

    /// <summary>Height in pixels: the title strip plus, per grid row, its tallest panel.</summary>
    public int Height => (Title is null ? 0 : TitleHeight) + RowHeights().Sum();

    /// <summary>Adds a panel (styled with <see cref="PlotStyle"/>) filling the next grid cell, left to right.</summary>
    public Plot AddPanel(int height)
    {
        var plot = new Plot();
        _panels.Add((plot, Math.Max(height, 120)));
        return plot;
    }

    public static FigureFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => FigureFormat.Png,
        ".svg" => FigureFormat.Svg,
        var other => throw new UserInputException(
            $"Cannot tell the image format of '{path}' ({(other.Length == 0 ? "no extension" : $"extension '{other}'")}); name the output FILE.png or FILE.svg."),
    };

    /// <summary>Writes the figure to <paramref name="path"/> (PNG or SVG by its extension) atomically.</summary>
    public void Save(string path)
    {
        var format = FormatOf(path);
        AtomicFile.Write(path, stream => stream.Write(format == FigureFormat.Png ? ToPng() : System.Text.Encoding.UTF8.GetBytes(ToSvg())));
    }

    public byte[] ToPng()
    {
        StylePanels();
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Could not allocate a {Width}×{Height} image.");
        Draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public string ToSvg()
    {
        StylePanels();
        using var stream = new MemoryStream();
        using (var managed = new SKManagedWStream(stream))
        {
            using var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), managed);
            Draw(canvas);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public void Dispose()
    {
        foreach (var (plot, _) in _panels)
        {
            plot.Dispose();
        }
    }

    private void StylePanels()
    {
        foreach (var (plot, _) in _panels)
        {
            PlotStyle.Apply(plot);
        }
    }

    private List<int> RowHeights() =>
        _panels.Select((p, i) => (p.Height, Row: i / Columns)).GroupBy(p => p.Row).Select(g => g.Max(p => p.Height)).ToList();

    private void Draw(SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        var top = 0f;
        if (Title is not null)
        {
            using var typeface = SKTypeface.FromFamilyName(PlotStyle.FontName, SKFontStyle.Bold);
            using var font = new SKFont(typeface, PlotStyle.TitleSize + 2);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(Title, Width / 2f, TitleHeight - 11, SKTextAlign.Center, font, paint);
            top = TitleHeight;
        }

        var rows = RowHeights();
        var cellWidth = (float)Width / Columns;
        for (var i = 0; i < _panels.Count; i++)
        {
            var row = i / Columns;
            var y = top + rows.Take(row).Sum();
            var x = i % Columns * cellWidth;
            // ScottPlot clears its canvas before drawing; the clip keeps that clearing inside this panel's cell.
            canvas.Save();
            canvas.ClipRect(new SKRect(x, y, x + cellWidth, y + rows[row]));
            _panels[i].Plot.Render(canvas, new PixelRect(x, x + cellWidth, y + rows[row], y));
            canvas.Restore();
        }
    }
}
