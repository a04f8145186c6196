using System.Globalization;
using MisterP.Output;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Plots;

/// <summary>
/// The estimates, effects, ppc, trace and rank figures read back from their SVG: every mark lands on the number the
/// CSV (estimates, comparison, summary, draws) or the data gives, within a pixel.
/// </summary>
[Collection(TinyFitCollection.Name)]
public class RowFigureTests(TinyFit fit)
{
    private const string Blue = "#1F77B4";
    private const string Red = "#D62728";
    private const string Grey = "#7F7F7F";

    [Fact]
    public void EstimatesFigureShowsTheEstimatesRawMeansAndTruth()
    {
        var marks = Plot("estimates", "--estimates", fit.Estimates, "--compare", fit.Comparison);
        var x = marks.Axis(horizontal: true);
        var tolerance = 0.75 * x.PerPixel;
        var estimates = CsvTable.Read(fit.Estimates, "estimates");
        var comparison = CsvTable.Read(fit.Comparison, "comparison");
        foreach (var row in estimates.Rows.Where(r => r.Fields[estimates.IndexOf("by")] == "state"))
        {
            var state = row.Fields[estimates.IndexOf("state")];
            var y = Row(marks, state + " (n=");
            Near(x, Point(marks, y, Blue).X, estimates.Number(row, "estimate"), tolerance, state + " estimate");
            var (low, high) = Bar(marks, y, Blue);
            Near(x, low, estimates.Number(row, "lower"), tolerance, state + " lower");
            Near(x, high, estimates.Number(row, "upper"), tolerance, state + " upper");

            var compared = comparison.Rows.Single(r => r.Fields[comparison.IndexOf("state")] == state);
            var raw = marks.Circles.Single(c => Math.Abs(c.Y - y) < 0.5 && c.Stroke == Grey);
            Near(x, raw.X, comparison.Number(compared, "raw"), tolerance, state + " raw");
            var cross = marks.Segments.Where(s => s.Stroke == Red && Math.Abs((s.Y1 + s.Y2) / 2 - y) < 1).ToList();
            Assert.NotEmpty(cross);
            Near(x, cross.Average(s => (s.X1 + s.X2) / 2), comparison.Number(compared, "truth"), tolerance, state + " truth");
        }

        Assert.Contains(marks.Texts, t => t.Text == "MRP estimate and 90% interval");
    }

    [Fact]
    public void EffectsFigureShowsEachLevelsMeanAndInterval()
    {
        var marks = Plot("effects");
        var x = marks.Axis(horizontal: true);
        var tolerance = 0.75 * x.PerPixel;
        var summary = CsvTable.Read(Path.Combine(fit.Folder, "summary.csv"), "summary");
        foreach (var state in new[] { "CA", "NY", "TX", "WA" })
        {
            var row = summary.Rows.Single(r => r.Fields[0] == $"r_state[{state},Intercept]");
            var y = Row(marks, state);
            Near(x, Point(marks, y, Blue).X, summary.Number(row, "mean"), tolerance, state + " mean");
            var (low, high) = Bar(marks, y, Blue);
            Near(x, low, summary.Number(row, "q5"), tolerance, state + " q5");
            Near(x, high, summary.Number(row, "q95"), tolerance, state + " q95");
        }

        var zero = marks.Shapes.Where(s => s.Fill == "#444").SelectMany(s => s.Points).ToList();
        Assert.NotEmpty(zero);
        Near(x, zero.Average(p => p.X), 0, tolerance, "zero line");
    }

    [Fact]
    public void PpcFigureShowsTheObservedMeansAndCountsThoseOutside()
    {
        var marks = Plot("ppc");
        var x = marks.Axis(horizontal: true);
        var tolerance = 0.75 * x.PerPixel;
        var observed = File.ReadLines(fit.Survey).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => f[1]).ToDictionary(g => g.Key, g => g.Average(f => double.Parse(f[0], CultureInfo.InvariantCulture)));
        var outside = 0;
        foreach (var (state, mean) in observed)
        {
            var y = Row(marks, state + " (n=");
            var diamond = marks.Shapes.Single(s => s.Fill == Red && Math.Abs(s.Points.Average(p => p.Y) - y) < 1);
            var centre = (diamond.Points.Min(p => p.X) + diamond.Points.Max(p => p.X)) / 2;
            Near(x, centre, mean, tolerance, state + " observed mean");
            var (low, high) = Bar(marks, y, Blue);
            var replicated = x.ToData(Point(marks, y, Blue).X);
            Assert.InRange(replicated, x.ToData(low), x.ToData(high));
            outside += mean < x.ToData(low) || mean > x.ToData(high) ? 1 : 0;
        }

        Assert.Contains(marks.Texts, t => t.Text.Contains($": {outside} of 4 observed means outside the 90% interval", StringComparison.Ordinal));
    }

    [Fact]
    public void TraceLinesFollowTheDraws()
    {
        var marks = Plot("trace", "--parameters", "b_male");
        var draws = CsvTable.Read(Path.Combine(fit.Folder, "draws.csv"), "draws");
        var (x, y) = (marks.Axis(horizontal: true), marks.Axis(horizontal: false));
        for (var chain = 1; chain <= 2; chain++)
        {
            var values = draws.Rows.Where(r => draws.Number(r, "chain") == chain).Select(r => draws.Number(r, "b_male")).ToList();
            var colour = chain == 1 ? Blue : "#FF7F0E";
            // Segments inside the iterations' range: the chain's line, not its legend sample.
            var line = marks.Segments.Where(s => s.Stroke == colour && x.ToData(s.X1) is > 0.5 and < 100.5 && x.ToData(s.X2) is > 0.5 and < 100.5).ToList();
            Assert.Equal(values.Count - 1, line.Count);
            var points = line.Select(s => s.Y1).Append(line[^1].Y2).Select(y.ToData).ToList();
            Assert.All(values.Zip(points), p => Assert.True(Math.Abs(p.First - p.Second) < 0.75 * y.PerPixel, $"draw {p.First} drawn at {p.Second}"));
        }
    }

    [Fact]
    public void RankHistogramsHaveOneColourPerChain()
    {
        var marks = Plot("rank", "--parameters", "b_male");
        var bars = new[] { Blue, "#FF7F0E" }.Select(colour => marks.Shapes.Where(s => s.Fill == colour).ToList()).ToList();
        Assert.All(bars, b => Assert.True(b.Count >= 5, $"{b.Count} rank bars"));
        Assert.Equal(bars[0].Count, bars[1].Count);
        Assert.Contains(marks.Texts, t => t.Text.Contains("b_male", StringComparison.Ordinal));
    }

    private SvgMarks Plot(string kind, params string[] options)
    {
        var svg = fit.Output(kind + ".svg");
        var (exit, _, error) = CliRunner.Run(["plot", fit.Folder, kind, .. options, "--out", svg]);
        Assert.True(exit == 0, error);
        return SvgMarks.Read(svg);
    }

    /// <summary>The pixel row of the group labelled <paramref name="label"/> (a label ending in "(n=" matches any count).</summary>
    private static double Row(SvgMarks marks, string label) =>
        marks.Texts.Single(t => t.Text == label || (label.EndsWith("(n=", StringComparison.Ordinal) && t.Text.StartsWith(label, StringComparison.Ordinal))).Y;

    private static SvgCircle Point(SvgMarks marks, double y, string colour) => marks.Circles.Single(c => Math.Abs(c.Y - y) < 0.5 && c.Fill == colour);

    /// <summary>The horizontal extent, in pixels, of the interval bar of <paramref name="colour"/> on row <paramref name="y"/>.</summary>
    private static (double Low, double High) Bar(SvgMarks marks, double y, string colour)
    {
        var bar = marks.Segments.Where(s => s.Stroke == colour && Math.Abs(s.Y1 - y) < 0.5 && Math.Abs(s.Y2 - y) < 0.5).ToList();
        Assert.NotEmpty(bar);
        return (bar.Min(s => Math.Min(s.X1, s.X2)), bar.Max(s => Math.Max(s.X1, s.X2)));
    }

    private static void Near(AxisScale axis, double pixel, double expected, double tolerance, string what)
    {
        var drawn = axis.ToData(pixel);
        Assert.True(Math.Abs(drawn - expected) < tolerance, $"{what}: drawn at {drawn}, expected {expected} (±{tolerance})");
    }
}
