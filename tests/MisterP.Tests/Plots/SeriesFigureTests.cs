using System.Globalization;
using System.Text;
using MisterP.Output;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Plots;

/// <summary>
/// <c>mrp plot estimates --over month</c> read back from its SVG: MRP points at EST.csv's numbers in month order and
/// evenly spaced, raw means at the means of the fit's data with their n under them, the truth line at --truth's numbers,
/// one panel per plan with --by plan.
/// </summary>
public sealed class SeriesFigureTests : IDisposable
{
    private const string Blue = "#1F77B4";
    private const string Red = "#D62728";
    private const string Grey = "#7F7F7F";
    private static readonly string[] Months = ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04"];
    private readonly TempFolder _temp = new();
    private readonly string _fit;
    private readonly string _estimates;
    private readonly Dictionary<string, (double Y, double N)> _raw = [];

    public SeriesFigureTests()
    {
        var survey = new StringBuilder("y,month,plan\n");
        for (var m = 0; m < Months.Length; m++)
        {
            for (var i = 0; i < 10 + 2 * m; i++)
            {
                var plan = i % 3 == 0 ? "Pro" : "Free";
                var y = (i * 5 + m) % 7 < (plan == "Pro" ? 4 : 2) + (m == 3 ? -1 : 0) ? 1 : 0;
                survey.Append(CultureInfo.InvariantCulture, $"{y},{Months[m]},{plan}\n");
                foreach (var key in new[] { Months[m], Months[m] + "|" + plan })
                {
                    var (s, n) = _raw.GetValueOrDefault(key);
                    _raw[key] = (s + y, n + 1);
                }
            }
        }

        // The frame lists a month nobody was asked about (the nowcast) and the months out of order.
        var frame = new StringBuilder("month,plan,n\n");
        foreach (var month in Months.Reverse().Append("2025-05"))
        {
            frame.Append(CultureInfo.InvariantCulture, $"{month},Free,70\n{month},Pro,30\n");
        }

        _fit = Path.Combine(_temp.Path, "fit");
        Run("fit", _temp.File("s.csv", survey.ToString()), "--formula", "y ~ (1|month) + (1|plan)", "--chains", "1", "--warmup", "150", "--draws", "100", "--seed", "2", "--out", _fit, "--quiet");
        _estimates = Path.Combine(_temp.Path, "est.csv");
        Run("poststrat", _fit, "--frame", _temp.File("f.csv", frame.ToString()), "--by", "month", "--by", "month,plan", "--allow-new-levels", "--out", _estimates, "--quiet");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SeriesShowsEstimatesRawMeansWithNAndTruthInMonthOrder()
    {
        var truth = Months.Append("2025-05").Select((m, i) => (Month: m, Truth: 0.3 + 0.05 * i)).ToList();
        var truthFile = _temp.File("truth.csv", "month,share\n" + string.Concat(truth.Select(t => $"{t.Month},{t.Truth.ToString(CultureInfo.InvariantCulture)}\n")));
        var marks = Plot("--over", "month", "--truth", truthFile, "--truth-column", "share");
        var y = marks.Axis(horizontal: false);
        var tolerance = 0.75 * y.PerPixel;
        var estimates = Rows("month");
        Assert.Equal([.. Months, "2025-05"], estimates.Select(e => e.Month));

        var points = DataCircles(marks, c => c.Fill == Blue, _ => true);
        Assert.Equal(estimates.Count, points.Count);
        var step = points[1].X - points[0].X;
        for (var i = 0; i < points.Count; i++)
        {
            Near(y, points[i].Y, estimates[i].Estimate, tolerance, estimates[i].Month);
            Assert.True(Math.Abs(points[i].X - points[0].X - i * step) < 0.5, $"{estimates[i].Month} is not one month after the one before");
            var tick = marks.Texts.Where(t => t.Text == estimates[i].Month).ToList();
            Assert.True(tick.Count == 0 || Math.Abs(tick[0].X - points[i].X) < 1, $"tick {estimates[i].Month} not under its point");
        }

        // Raw means: one open grey circle per month with respondents (none in the nowcast month), its n under it.
        var raw = DataCircles(marks, c => c.Stroke == Grey, _ => true);
        Assert.Equal(Months.Length, raw.Count);
        for (var i = 0; i < Months.Length; i++)
        {
            var (sum, n) = _raw[Months[i]];
            Assert.True(Math.Abs(raw[i].X - points[i].X) < 0.5);
            Near(y, raw[i].Y, sum / n, tolerance, Months[i] + " raw");
            Assert.Contains(marks.Texts, t => t.Text == n.ToString(CultureInfo.InvariantCulture) && Math.Abs(t.X - raw[i].X) < 2 && t.Y > raw[i].Y);
        }

        // Truth: a red line through every month's truth.
        var axis = marks.Texts.Where(t => Months.Contains(t.Text)).Min(t => t.Y);
        var vertices = marks.Segments.Where(s => s.Stroke == Red && s.Y1 < axis).SelectMany(s => new[] { (s.X1, s.Y1), (s.X2, s.Y2) }).Distinct().OrderBy(v => v.Item1).ToList();
        Assert.Equal(truth.Count, vertices.Count);
        for (var i = 0; i < truth.Count; i++)
        {
            Assert.True(Math.Abs(vertices[i].Item1 - points[i].X) < 0.5);
            Near(y, vertices[i].Item2, truth[i].Truth, tolerance, truth[i].Month + " truth");
        }
    }

    [Fact]
    public void BySplitsTheSeriesIntoOnePanelPerLevel()
    {
        var marks = Plot("--over", "month", "--by", "plan");
        var titles = new[] { "plan = Free", "plan = Pro" }.Select(marks.Label).OrderBy(t => t.Y).ToList();
        Assert.Equal("plan = Free", titles[0].Text);
        var estimates = Rows("month,plan");
        for (var p = 0; p < titles.Count; p++)
        {
            var top = titles[p].Y;
            var bottom = p + 1 < titles.Count ? titles[p + 1].Y : double.MaxValue;
            bool Inside(double py) => py > top && py < bottom;
            var y = marks.Axis(horizontal: false, t => Inside(t.Y));
            var plan = titles[p].Text["plan = ".Length..];
            var expected = estimates.Where(e => e.Plan == plan).ToList();
            var points = DataCircles(marks, c => c.Fill == Blue, Inside);
            Assert.Equal(expected.Count, points.Count);
            for (var i = 0; i < points.Count; i++)
            {
                Near(y, points[i].Y, expected[i].Estimate, 0.75 * y.PerPixel, $"{plan} {expected[i].Month}");
            }

            var raw = DataCircles(marks, c => c.Stroke == Grey, Inside);
            Assert.Equal(Months.Length, raw.Count);
            var (sum, n) = _raw[Months[0] + "|" + plan];
            Near(y, raw[0].Y, sum / n, 0.75 * y.PerPixel, $"{plan} raw");
        }
    }

    [Fact]
    public void ReportDrawsASetOverMonthsAsATimeSeries()
    {
        var html = Path.Combine(_temp.Path, "report.html");
        Run("report", _fit, "--estimates", _estimates, "--by", "month", "--out", html);
        Assert.Contains("MRP estimates by month in time order", File.ReadAllText(html));
        // Month × plan: the series split into one panel per plan.
        Run("report", _fit, "--estimates", _estimates, "--by", "month,plan", "--out", html);
        Assert.Contains("one panel per plan", File.ReadAllText(html));
    }

    [Fact]
    public void BadSeriesRequestsAreRefused()
    {
        var svg = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N") + ".svg");
        var (exit, _, error) = CliRunner.Run(["plot", _fit, "estimates", "--estimates", _estimates, "--over", "plan", "--out", svg]);
        Assert.Equal(2, exit);
        Assert.Contains("no grouping set 'plan'", error);
        (exit, _, error) = CliRunner.Run(["plot", _fit, "estimates", "--estimates", _estimates, "--over", "month", "--truth", _temp.File("t.csv", "when,truth\nx,1\n"), "--out", svg]);
        Assert.Equal(2, exit);
        Assert.Contains("'month'", error);
        Assert.False(File.Exists(svg));
    }

    private List<(string Month, string Plan, double Estimate)> Rows(string set)
    {
        var table = CsvTable.Read(_estimates, "estimates");
        return table.Rows.Where(r => r.Fields[table.IndexOf("by")] == set)
            .Select(r => (r.Fields[table.IndexOf("month")], r.Fields[table.IndexOf("plan")], table.Number(r, "estimate")))
            .ToList();
    }

    /// <summary>Circles above the time axis's labels (the legend's samples sit below them), left to right.</summary>
    private static List<SvgCircle> DataCircles(SvgMarks marks, Func<SvgCircle, bool> kind, Func<double, bool> inside)
    {
        var axis = marks.Texts.Where(t => Months.Contains(t.Text) && inside(t.Y)).Min(t => t.Y);
        return marks.Circles.Where(c => kind(c) && inside(c.Y) && c.Y < axis).OrderBy(c => c.X).ToList();
    }

    private SvgMarks Plot(params string[] options)
    {
        var svg = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N") + ".svg");
        var (exit, _, error) = CliRunner.Run(["plot", _fit, "estimates", "--estimates", _estimates, .. options, "--out", svg]);
        Assert.True(exit == 0, error);
        return SvgMarks.Read(svg);
    }

    private static void Run(params string[] args)
    {
        var (exit, _, error) = CliRunner.Run(args);
        Assert.True(exit == 0, $"mrp {string.Join(' ', args)}: {error}");
    }

    private static void Near(AxisScale axis, double pixel, double expected, double tolerance, string what)
    {
        var drawn = axis.ToData(pixel);
        Assert.True(Math.Abs(drawn - expected) < tolerance, $"{what}: drawn at {drawn}, expected {expected} (±{tolerance})");
    }
}
