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
/// One image made of ScottPlot panels of their own heights (a panel with 50 groups gets more room than one with 4),
/// stacked in columns — each panel goes to the currently shortest column, so tall and short panels pack without
/// stretching — under an optional figure title; written as PNG or SVG. ScottPlot's own multiplot writes PNG only,
/// so panels are rendered here onto one Skia canvas, raster or SVG alike.
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

    /// <summary>Height in pixels: the title strip plus the tallest column.</summary>
    public int Height => (Title is null ? 0 : TitleHeight) + Layout().ColumnHeight;

    /// <summary>Adds a panel of <paramref name="height"/> pixels (styled with <see cref="PlotStyle"/> when drawn) to the shortest column.</summary>
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
        // Marked so a later run recognises its own figure (OutputKind.Figure) and may replace it.
        AtomicFile.Write(path, stream => stream.Write(format == FigureFormat.Png
            ? FigureMarker.MarkPng(ToPng())
            : System.Text.Encoding.UTF8.GetBytes(FigureMarker.MarkSvg(ToSvg()))));
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

    /// <summary>Each panel's column and top (below the title strip), and the tallest column's height.</summary>
    private (List<(int Column, int Top)> Places, int ColumnHeight) Layout()
    {
        var heights = new int[Columns];
        var places = new List<(int, int)>(_panels.Count);
        foreach (var (_, height) in _panels)
        {
            var column = Array.IndexOf(heights, heights.Min());
            places.Add((column, heights[column]));
            heights[column] += height;
        }

        return (places, heights.Max());
    }

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

        var (places, _) = Layout();
        var cellWidth = (float)Width / Columns;
        for (var i = 0; i < _panels.Count; i++)
        {
            var x = places[i].Column * cellWidth;
            var y = top + places[i].Top;
            var height = _panels[i].Height;

            // ScottPlot clears its canvas before drawing; the clip keeps that clearing inside this panel's cell.
            canvas.Save();
            canvas.ClipRect(new SKRect(x, y, x + cellWidth, y + height));
            _panels[i].Plot.Render(canvas, new PixelRect(x, x + cellWidth, y + height, y));
            canvas.Restore();
        }
    }
}
