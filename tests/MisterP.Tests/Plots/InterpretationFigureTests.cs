using System.Globalization;
using System.Text;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Plots;

/// <summary>
/// A Laplace fit of y ~ x + g + (1|s) whose groups sit near 0 and 1 (so posterior intervals of probabilities and
/// their differences are clearly asymmetric), shared by the interpretation-figure tests.
/// </summary>
public sealed class SkewedFit : IDisposable
{
    private readonly TempFolder _temp = new();

    public SkewedFit()
    {
        var rows = new StringBuilder("y,x,g,s\n");
        var rates = new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.93, ["c"] = 0.06 };
        for (var i = 0; i < 240; i++)
        {
            var g = "abc"[i % 3].ToString();
            var x = (i / 3) % 4 - 1;
            var s = "s" + (i / 12 % 4 + 1);
            // A deterministic pattern hitting each group's rate, a little higher with x.
            var y = (i * 37 % 100) / 100.0 < rates[g] + 0.03 * x ? 1 : 0;
            rows.Append(CultureInfo.InvariantCulture, $"{y},{x},{g},{s}\n");
        }

        var data = _temp.File("rows.csv", rows.ToString());
        Fit = Path.Combine(_temp.Path, "fit");
        var fitted = CliRunner.Run("fit", data, "--formula", "y ~ x + g + (1|s)", "--method", "laplace", "--draws", "1000", "--seed", "5", "--out", Fit, "--quiet");
        Assert.True(fitted.Exit == 0, fitted.Error);
    }

    public string Fit { get; }

    public string Output(string name) => Path.Combine(_temp.Path, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// predictions / comparisons / slopes --plot: every mark read back from the SVG lands on the CSV's numbers
/// (issue 12 item 16: asymmetric intervals were drawn upside down).
/// </summary>
public class InterpretationFigureTests(SkewedFit fit) : IClassFixture<SkewedFit>
{
    [Theory]
    [InlineData("predictions", "g", "--conditional", "g")]
    [InlineData("comparisons", "s", "--contrast", "g=b,c", "--conditional", "s")]
    [InlineData("slopes", "g", "--wrt", "x", "--conditional", "g")]
    public void PointsAndIntervalBarsMatchTheCsv(string command, string main, params string[] options)
    {
        var (csv, svg) = Run(command, options);
        var rows = CsvRows(csv);
        var marks = SvgMarks.Read(svg);
        var y = marks.Axis(horizontal: false);
        var tolerance = 0.75 * y.PerPixel;
        var asymmetric = 0;
        foreach (var row in rows)
        {
            var x = marks.Label(row[main]).X;
            var point = Assert.Single(marks.Circles, c => Math.Abs(c.X - x) < 0.5);
            var bar = marks.Segments.Where(s => s.IsVertical && s.Stroke == point.Fill && Math.Abs(s.X1 - x) < 0.5).ToList();
            Assert.NotEmpty(bar);
            var (low, high) = (y.ToData(bar.Max(s => Math.Max(s.Y1, s.Y2))), y.ToData(bar.Min(s => Math.Min(s.Y1, s.Y2))));
            var (estimate, lower, upper) = (Number(row["estimate"]), Number(row["lower"]), Number(row["upper"]));
            Assert.True(Math.Abs(y.ToData(point.Y) - estimate) < tolerance, $"{row[main]}: point at {y.ToData(point.Y)}, estimate {estimate}");
            Assert.True(Math.Abs(low - lower) < tolerance, $"{row[main]}: bar starts at {low}, lower {lower}");
            Assert.True(Math.Abs(high - upper) < tolerance, $"{row[main]}: bar ends at {high}, upper {upper}");
            if (Math.Abs(upper + lower - 2 * estimate) > 4 * tolerance)
            {
                asymmetric++;
            }
        }

        // The figure must show intervals whose asymmetry a swapped bar would visibly misplace.
        Assert.True(asymmetric > 0, "no interval is asymmetric enough to test the bar's direction");
    }

    [Fact]
    public void LineAndBandMatchTheCsv()
    {
        var (csv, svg) = Run("predictions", ["--conditional", "x"]);
        var rows = CsvRows(csv);
        var marks = SvgMarks.Read(svg);
        var (xs, ys) = (marks.Axis(horizontal: true), marks.Axis(horizontal: false));
        var band = Assert.Single(marks.Shapes, s => s.Points.Count >= 2 * rows.Count);
        foreach (var row in rows)
        {
            var (x, estimate, lower, upper) = (Number(row["x"]), Number(row["estimate"]), Number(row["lower"]), Number(row["upper"]));
            var pixel = xs.ToPixel(x);
            var edge = band.Points.Where(p => Math.Abs(p.X - pixel) < 0.05).Select(p => ys.ToData(p.Y)).ToList();
            Assert.True(edge.Count >= 2, $"the band has no edge at x = {x}");
            Assert.True(Math.Abs(edge.Min() - lower) < ys.PerPixel && Math.Abs(edge.Max() - upper) < ys.PerPixel, $"x = {x}: band [{edge.Min()}, {edge.Max()}], CSV [{lower}, {upper}]");
            var line = marks.Segments.Where(s => s.Width >= 2 && (Math.Abs(s.X1 - pixel) < 0.05 || Math.Abs(s.X2 - pixel) < 0.05))
                .Select(s => Math.Abs(s.X1 - pixel) < 0.05 ? s.Y1 : s.Y2).ToList();
            Assert.Contains(line, p => Math.Abs(ys.ToData(p) - estimate) < ys.PerPixel);
        }
    }

    [Theory]
    [InlineData("predictions", "--conditional", "g")]
    [InlineData("comparisons", "--contrast", "g=b,c", "--conditional", "s")]
    public void TheSubtitleAndTableSayWhichInterval(string command, params string[] options)
    {
        var (_, svg) = Run(command, [.. options, "--interval", "0.8"]);
        Assert.Contains("80% interval", string.Join("\n", SvgMarks.Read(svg).Texts.Select(t => t.Text)));
    }

    private (string Csv, string Svg) Run(string command, string[] options)
    {
        var csv = fit.Output(command + ".csv");
        var svg = fit.Output(command + ".svg");
        var run = CliRunner.Run([command, fit.Fit, .. options, "--out", csv, "--plot", svg, "--quiet"]);
        Assert.True(run.Exit == 0, run.Error);
        return (csv, svg);
    }

    private static List<Dictionary<string, string>> CsvRows(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
