using System.Globalization;
using MisterP.Output;
using MisterP.Plots;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Plots;

/// <summary>
/// <c>mrp plot DIR ppc|calibration --out-csv</c>: the SVG's marks read back land on the CSV's numbers (within a
/// pixel), and the CSV's numbers agree with the data.
/// </summary>
[Collection(TinyFitCollection.Name)]
public class PredictiveCheckFigureTests(TinyFit fit)
{
    private const string Blue = "#1F77B4";
    private const string Red = "#D62728";

    [Fact]
    public void PpcByGroupShowsEachGroupsIntervalAndPValueAsTheCsvHasThem()
    {
        var (marks, table) = Plot("ppc", "--by", "state", "--seed", "5");
        Assert.Equal(PredictiveCheckCsv.PpcHeader, table.Header);
        var x = marks.Axis(horizontal: true);
        var tolerance = 0.75 * x.PerPixel;
        var data = File.ReadLines(fit.Survey).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(4, table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var state = row.Fields[table.IndexOf("level")];
            Assert.Equal("state", row.Fields[table.IndexOf("group")]);
            var observed = data.Where(f => f[1] == state).Average(f => double.Parse(f[0], CultureInfo.InvariantCulture));
            Assert.Equal(observed, table.Number(row, "observed"), 12);
            var p = table.Number(row, "p_value");
            Assert.InRange(p, 0, 1);
            // p is a count of draws (ties half) over 200 draws: a multiple of 1/400.
            Assert.Equal(Math.Round(p * 400), p * 400, 6);

            var label = marks.Texts.Single(t => t.Text.StartsWith(state + " (n=", StringComparison.Ordinal));
            Assert.Equal($"{state} (n=20, p={PredictiveCheckPlot.PValueText(p)})", label.Text);
            var diamond = marks.Shapes.Single(s => s.Fill == Red && Math.Abs(s.Points.Average(q => q.Y) - label.Y) < 1);
            Near(x, (diamond.Points.Min(q => q.X) + diamond.Points.Max(q => q.X)) / 2, observed, tolerance, state + " observed");
            var bar = marks.Segments.Where(s => s.Stroke == Blue && Math.Abs(s.Y1 - label.Y) < 0.5 && Math.Abs(s.Y2 - label.Y) < 0.5).ToList();
            Assert.NotEmpty(bar);
            Near(x, bar.Min(s => Math.Min(s.X1, s.X2)), table.Number(row, "lower"), tolerance, state + " lower");
            Near(x, bar.Max(s => Math.Max(s.X1, s.X2)), table.Number(row, "upper"), tolerance, state + " upper");
            var centre = marks.Circles.Single(c => Math.Abs(c.Y - label.Y) < 0.5 && c.Fill == Blue);
            Near(x, centre.X, table.Number(row, "replicated_mean"), tolerance, state + " replicated mean");
            // Far outside the interval means a p-value in the tail beyond it (the interval's tails hold 5% each).
            if (observed > table.Number(row, "upper"))
            {
                Assert.True(p <= 0.05, $"{state}: observed above the interval but p = {p}");
            }

            if (observed < table.Number(row, "lower"))
            {
                Assert.True(p >= 0.95, $"{state}: observed below the interval but p = {p}");
            }
        }
    }

    [Fact]
    public void CalibrationShowsEachBinsObservedShareAndIntervalAtItsPrediction()
    {
        var (marks, table) = Plot("calibration", "--bins", "4");
        Assert.Equal(PredictiveCheckCsv.CalibrationHeader, table.Header);
        var data = File.ReadLines(fit.Survey).Skip(1).Select(l => double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(table.Rows.Count, 2, 4);
        Assert.Equal(data.Count, table.Rows.Sum(r => table.Number(r, "trials")));
        Assert.Equal(data.Sum(), table.Rows.Sum(r => table.Number(r, "trials") * table.Number(r, "observed")), 9);
        Assert.Equal(8, table.Rows.Sum(r => table.Number(r, "cells")));
        var predicted = table.Rows.Select(r => table.Number(r, "predicted")).ToList();
        Assert.Equal(predicted.Order(), predicted);

        var x = marks.Axis(horizontal: true);
        var y = marks.Axis(horizontal: false);
        var dots = marks.Circles.Where(c => c.Fill == Blue).ToList();
        Assert.Equal(table.Rows.Count, dots.Count);
        foreach (var row in table.Rows)
        {
            var dot = dots.OrderBy(c => Math.Abs(x.ToData(c.X) - table.Number(row, "predicted")) / x.PerPixel + Math.Abs(y.ToData(c.Y) - table.Number(row, "observed")) / y.PerPixel).First();
            var bin = "bin " + row.Fields[0];
            Near(x, dot.X, table.Number(row, "predicted"), 0.75 * x.PerPixel, bin + " predicted");
            Near(y, dot.Y, table.Number(row, "observed"), 0.75 * y.PerPixel, bin + " observed");
            var bar = marks.Segments.Where(s => s.Stroke == Blue && s.IsVertical && Math.Abs(s.X1 - dot.X) < 0.5).ToList();
            Assert.NotEmpty(bar);
            Near(y, bar.Max(s => Math.Max(s.Y1, s.Y2)), table.Number(row, "lower"), 0.75 * y.PerPixel, bin + " lower");
            Near(y, bar.Min(s => Math.Min(s.Y1, s.Y2)), table.Number(row, "upper"), 0.75 * y.PerPixel, bin + " upper");
        }
    }

    [Fact]
    public void JeffreysIntervalIsTheBetaQuantilesClosedAtTheEnds()
    {
        // The 5% and 95% quantiles of Beta(3 + ½, 7 + ½) (R: qbeta(c(0.05, 0.95), 3.5, 7.5)).
        var (lower, upper) = Calibration.Jeffreys(3, 10, 0.9);
        Assert.Equal(0.05, MathNet.Numerics.Distributions.Beta.CDF(3.5, 7.5, lower), 10);
        Assert.Equal(0.95, MathNet.Numerics.Distributions.Beta.CDF(3.5, 7.5, upper), 10);
        Assert.InRange(0.3, lower, upper);
        Assert.Equal(0, Calibration.Jeffreys(0, 10, 0.9).Lower);
        Assert.Equal(1, Calibration.Jeffreys(10, 10, 0.9).Upper);
    }

    [Fact]
    public void CalibrationOfANonBinaryFitIsRefusedWithNothingWritten()
    {
        using var temp = new TempFolder();
        var data = temp.File("g.csv", "y,state\n1.5,A\n2.5,A\n0.5,B\n1.0,B\n3.0,C\n2.0,C\n");
        var dir = Path.Combine(temp.Path, "gaussian");
        var fitted = CliRunner.Run("fit", data, "--formula", "y ~ 1 + (1|state)", "--family", "gaussian", "--out", dir, "--chains", "1", "--warmup", "100", "--draws", "50", "--seed", "2", "--quiet");
        Assert.True(fitted.Exit == 0, fitted.Error);
        var (exit, _, error) = CliRunner.Run("plot", dir, "calibration", "--out", Path.Combine(temp.Path, "c.svg"), "--out-csv", Path.Combine(temp.Path, "c.csv"));
        Assert.Equal(2, exit);
        Assert.Contains("The calibration plot is for binary or binomial outcomes; this fit's family is gaussian", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "c.csv")));
        Assert.False(File.Exists(Path.Combine(temp.Path, "c.svg")));
    }

    [Fact]
    public void OutCsvIsRefusedForPlotsWithoutOwnNumbers()
    {
        var (exit, _, error) = CliRunner.Run("plot", fit.Folder, "trace", "--out", fit.Output("t.svg"), "--out-csv", fit.Output("t.csv"));
        Assert.Equal(2, exit);
        Assert.Contains("--out-csv writes the numbers of the ppc and calibration plots", error, StringComparison.Ordinal);
        Assert.False(File.Exists(fit.Output("t.csv")));
    }

    [Fact]
    public void ReportsModelCheckingSectionShowsThePpcAndCalibrationFigures()
    {
        var html = fit.Output("checking-report.html");
        var (exit, _, error) = CliRunner.Run("report", fit.Folder, "--out", html, "--overwrite");
        Assert.True(exit == 0, error);
        var text = File.ReadAllText(html);
        var section = text[text.IndexOf("id=\"checking\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("<section", 10, StringComparison.Ordinal)];
        Assert.Contains("Posterior predictive check by state: diamonds are the observed means", section, StringComparison.Ordinal);
        Assert.Contains("cells in 10 bins of equal trials by posterior mean predicted probability", section, StringComparison.Ordinal);
        Assert.Equal(2, Count(section, "<img"));
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;

    private (SvgMarks Marks, CsvTable Table) Plot(string kind, params string[] options)
    {
        var svg = fit.Output(kind + "-check.svg");
        var csv = fit.Output(kind + "-check.csv");
        var (exit, output, error) = CliRunner.Run(["plot", fit.Folder, kind, .. options, "--out", svg, "--out-csv", csv, "--overwrite"]);
        Assert.True(exit == 0, error);
        Assert.Contains($"Wrote {svg} and {csv}", output, StringComparison.Ordinal);
        return (SvgMarks.Read(svg), CsvTable.Read(csv, kind));
    }

    private static void Near(AxisScale axis, double pixel, double expected, double tolerance, string what)
    {
        var drawn = axis.ToData(pixel);
        Assert.True(Math.Abs(drawn - expected) < tolerance, $"{what}: drawn at {drawn}, expected {expected} (±{tolerance})");
    }
}
