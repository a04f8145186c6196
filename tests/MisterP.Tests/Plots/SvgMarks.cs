using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MisterP.Tests.Plots;

/// <summary>A text element: its anchor (the transform's translation) and content; rotated when a matrix turns it.</summary>
internal sealed record SvgText(double X, double Y, string Text, bool Rotated);

/// <summary>An ellipse (ScottPlot's circle markers): filled, or only stroked for open circles.</summary>
internal sealed record SvgCircle(double X, double Y, double Radius, string Fill, string Stroke);

/// <summary>One straight piece of a stroked path.</summary>
internal sealed record SvgSegment(double X1, double Y1, double X2, double Y2, string Stroke, double Width)
{
    public bool IsVertical => Math.Abs(X1 - X2) < 0.01 && Math.Abs(Y1 - Y2) > 0.01;

    public bool IsHorizontal => Math.Abs(Y1 - Y2) < 0.01 && Math.Abs(X1 - X2) > 0.01;
}

/// <summary>A filled path (bands, bars) as its points.</summary>
internal sealed record SvgShape(IReadOnlyList<(double X, double Y)> Points, string Fill);

/// <summary>Linear pixel ↔ data map of one axis, fitted to its numeric tick labels.</summary>
internal sealed record AxisScale(double Intercept, double Slope)
{
    public double ToData(double pixel) => Intercept + Slope * pixel;

    public double ToPixel(double value) => (value - Intercept) / Slope;

    /// <summary>Data units per pixel: the resolution a test can ask of a mark.</summary>
    public double PerPixel => Math.Abs(Slope);
}

/// <summary>
/// The marks of an SVG written by Skia's SVG canvas (ScottPlot figures): texts, circles, stroked segments and filled
/// shapes, in absolute pixels (MisterP draws every panel straight onto one canvas, so no group transforms apply),
/// and axis scales read from the tick labels — enough to read a figure's numbers back and compare them with the CSV.
/// </summary>
internal sealed partial class SvgMarks
{
    private SvgMarks(List<SvgText> texts, List<SvgCircle> circles, List<SvgSegment> segments, List<SvgShape> shapes)
    {
        Texts = texts;
        Circles = circles;
        Segments = segments;
        Shapes = shapes;
    }

    public IReadOnlyList<SvgText> Texts { get; }

    public IReadOnlyList<SvgCircle> Circles { get; }

    public IReadOnlyList<SvgSegment> Segments { get; }

    public IReadOnlyList<SvgShape> Shapes { get; }

    public static SvgMarks Read(string path) => Parse(File.ReadAllText(path));

    public static SvgMarks Parse(string svg)
    {
        var document = XDocument.Parse(svg);
        var texts = new List<SvgText>();
        var circles = new List<SvgCircle>();
        var segments = new List<SvgSegment>();
        var shapes = new List<SvgShape>();
        var clips = document.Descendants().Where(e => e.Name.LocalName == "clipPath")
            .ToDictionary(e => (string)e.Attribute("id")!, e => e.Elements().First(r => r.Name.LocalName == "rect"));
        foreach (var element in document.Descendants())
        {
            if (element.Ancestors().Any(a => a.Name.LocalName == "clipPath"))
            {
                continue;
            }

            switch (element.Name.LocalName)
            {
                // ScottPlot clears its canvas (a rect with no fill and no position) before each render pass and
                // sometimes renders a panel twice; only the last pass is seen, so forget what the clear covers.
                case "rect" when element.Attribute("fill") is null && element.Attribute("x") is null:
                    {
                        var clip = element.Ancestors().Select(a => (string?)a.Attribute("clip-path")).FirstOrDefault(c => c is not null);
                        if (clip is not null && clips.TryGetValue(clip[5..^1], out var area))
                        {
                            var (left, top) = (Number(area, "x", 0), Number(area, "y", 0));
                            var (right, bottom) = (left + Number(area, "width"), top + Number(area, "height"));
                            bool Inside(double x, double y) => x >= left && x <= right && y >= top && y <= bottom;
                            texts.RemoveAll(t => Inside(t.X, t.Y));
                            circles.RemoveAll(c => Inside(c.X, c.Y));
                            segments.RemoveAll(g => Inside(g.X1, g.Y1));
                            shapes.RemoveAll(g => g.Points.Count > 0 && Inside(g.Points[0].X, g.Points[0].Y));
                        }

                        break;
                    }

                case "text":
                    {
                        var (x, y, rotated) = Anchor(element);
                        texts.Add(new SvgText(x, y, element.Value.Trim(), rotated));
                        break;
                    }

                case "rect" when element.Attribute("fill") is { } fill && element.Attribute("x") is not null:
                    {
                        var (x, y) = (Number(element, "x"), Number(element, "y"));
                        var (w, h) = (Number(element, "width"), Number(element, "height"));
                        shapes.Add(new SvgShape([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], fill.Value.ToUpperInvariant()));
                        break;
                    }

                case "ellipse" or "circle":
                    circles.Add(new SvgCircle(
                        Number(element, "cx"),
                        Number(element, "cy"),
                        element.Attribute("rx") is null ? Number(element, "r") : Number(element, "rx"),
                        ((string?)element.Attribute("fill") ?? "black").ToUpperInvariant(),
                        ((string?)element.Attribute("stroke") ?? "none").ToUpperInvariant()));
                    break;

                case "path":
                    {
                        var subpaths = PathPoints((string?)element.Attribute("d") ?? string.Empty);
                        var stroke = ((string?)element.Attribute("stroke"))?.ToUpperInvariant();
                        var fill = ((string?)element.Attribute("fill"))?.ToUpperInvariant();
                        if (stroke is not null and not "NONE")
                        {
                            var width = element.Attribute("stroke-width") is null ? 1 : Number(element, "stroke-width");
                            foreach (var points in subpaths)
                            {
                                for (var i = 1; i < points.Count; i++)
                                {
                                    segments.Add(new SvgSegment(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y, stroke, width));
                                }
                            }
                        }

                        if (fill is not "NONE")
                        {
                            shapes.Add(new SvgShape(subpaths.SelectMany(p => p).ToList(), fill ?? "BLACK"));
                        }

                        break;
                    }
            }
        }

        // A second pass at the same layout repeats every mark; keep one of each.
        return new SvgMarks(
            texts.Distinct().ToList(),
            circles.Distinct().ToList(),
            segments.Distinct().ToList(),
            shapes.DistinctBy(s => s.Fill + string.Join(' ', s.Points)).ToList());
    }

    /// <summary>The first unrotated text reading exactly <paramref name="content"/>.</summary>
    public SvgText Label(string content) =>
        Texts.FirstOrDefault(t => t.Text == content) ?? throw new InvalidOperationException($"No text '{content}' in the figure.");

    /// <summary>
    /// The scale of the horizontal (<paramref name="horizontal"/>) or vertical axis: numeric tick labels sharing one
    /// row (or column) of anchors, the largest such set among those <paramref name="where"/> keeps, fitted by least
    /// squares; throws unless the labels lie on one line (ticks are linear).
    /// </summary>
    public AxisScale Axis(bool horizontal, Func<SvgText, bool>? where = null)
    {
        var ticks = Texts
            .Where(t => !t.Rotated && (where?.Invoke(t) ?? true))
            .Select(t => (Text: t, Ok: double.TryParse(t.Text.Replace('−', '-'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v), Value: v))
            .Where(t => t.Ok)
            .GroupBy(t => Math.Round(horizontal ? t.Text.Y : t.Text.X))
            .Select(g => g.Select(t => (Pixel: horizontal ? t.Text.X : t.Text.Y, t.Value)).ToList())
            .Where(g => g.Count >= 2)
            .OrderByDescending(g => g.Count)
            .FirstOrDefault() ?? throw new InvalidOperationException($"No numeric tick labels on a {(horizontal ? "horizontal" : "vertical")} axis.");
        var meanPixel = ticks.Average(t => t.Pixel);
        var meanValue = ticks.Average(t => t.Value);
        var slope = ticks.Sum(t => (t.Pixel - meanPixel) * (t.Value - meanValue)) / ticks.Sum(t => (t.Pixel - meanPixel) * (t.Pixel - meanPixel));
        var scale = new AxisScale(meanValue - slope * meanPixel, slope);
        var worst = ticks.Max(t => Math.Abs(scale.ToData(t.Pixel) - t.Value));
        if (worst > 0.05 * scale.PerPixel + 1e-9 * Math.Abs(meanValue))
        {
            throw new InvalidOperationException($"The tick labels are not linear in pixels (off by {worst / scale.PerPixel:0.##} px).");
        }

        return scale;
    }

    private static (double X, double Y, bool Rotated) Anchor(XElement text)
    {
        var transform = (string?)text.Attribute("transform") ?? string.Empty;
        var numbers = NumberPattern().Matches(transform).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        if (transform.StartsWith("translate", StringComparison.Ordinal) && numbers.Count >= 2)
        {
            return (numbers[0], numbers[1], false);
        }

        if (transform.StartsWith("matrix", StringComparison.Ordinal) && numbers.Count == 6)
        {
            return (numbers[4], numbers[5], Math.Abs(numbers[1]) > 1e-9);
        }

        // Untransformed text (titles): the first glyph's position.
        var x = NumberPattern().Match((string?)text.Attribute("x") ?? "0").Value;
        var y = NumberPattern().Match((string?)text.Attribute("y") ?? "0").Value;
        return (double.Parse(x, CultureInfo.InvariantCulture), double.Parse(y, CultureInfo.InvariantCulture), false);
    }

    private static List<List<(double X, double Y)>> PathPoints(string d)
    {
        var subpaths = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? current = null;
        var tokens = PathToken().Matches(d).Select(m => m.Value).ToList();
        var command = 'M';
        for (var i = 0; i < tokens.Count;)
        {
            if (char.IsLetter(tokens[i][0]))
            {
                command = tokens[i][0];
                i++;
                if (command is 'Z' or 'z')
                {
                    if (current is { Count: > 0 })
                    {
                        current.Add(current[0]);
                    }

                    continue;
                }

                continue;
            }

            if (command is not ('M' or 'L'))
            {
                throw new InvalidOperationException($"Path command '{command}' is not read by this test helper.");
            }

            var point = (double.Parse(tokens[i], CultureInfo.InvariantCulture), double.Parse(tokens[i + 1], CultureInfo.InvariantCulture));
            i += 2;
            if (command == 'M')
            {
                current = [];
                subpaths.Add(current);
                command = 'L';
            }

            current!.Add(point);
        }

        return subpaths;
    }

    private static double Number(XElement element, string attribute, double? absent = null) =>
        element.Attribute(attribute) is { } value ? double.Parse(value.Value, CultureInfo.InvariantCulture) : absent ?? throw new FormatException($"<{element.Name.LocalName}> has no {attribute}.");

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[A-Za-z]|-?\d*\.?\d+([eE][-+]?\d+)?")]
    private static partial Regex PathToken();
}
