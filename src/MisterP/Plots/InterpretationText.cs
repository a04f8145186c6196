using SkiaSharp;

namespace MisterP.Plots;

/// <summary>Text measured and drawn in the figures' font (DejaVu Sans), outside ScottPlot: titles and layout decisions.</summary>
internal static class InterpretationText
{
    public const string Font = "DejaVu Sans";

    public static float Width(string text, float size, bool bold = false)
    {
        using var typeface = SKTypeface.FromFamilyName(Font, bold ? SKFontStyle.Bold : SKFontStyle.Normal);
        using var font = new SKFont(typeface, size);
        return font.MeasureText(text);
    }

    public static void Draw(SKCanvas canvas, string text, float x, float y, float size, bool bold)
    {
        using var typeface = SKTypeface.FromFamilyName(Font, bold ? SKFontStyle.Bold : SKFontStyle.Normal);
        using var font = new SKFont(typeface, size);
        using var paint = new SKPaint { Color = bold ? SKColors.Black : new SKColor(70, 70, 70), IsAntialias = true };
        canvas.DrawText(text, x, y, SKTextAlign.Center, font, paint);
    }
}
