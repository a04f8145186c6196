using System.Globalization;
using System.Text;
using MisterP.Tests.Plots;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>Issue 12 item 17: a fit's <c>--levels</c> order is how EST.csv, the estimates plot and predictions list the levels.</summary>
public sealed class LevelOrderCliTests
{
    private static readonly string[] Education = ["No HS", "HS", "Some college", "4-Year College", "Post-grad"];

    [Fact]
    public void EducationKeepsItsGivenOrderInEstimatesPlotAndPredictions()
    {
        using var temp = new TempFolder();
        var random = new Random(3);
        var sample = new StringBuilder("y,educ,x\n");
        for (var i = 0; i < 300; i++)
        {
            var e = i % 5;
            sample.Append(random.NextDouble() < 0.3 + 0.1 * e ? 1 : 0).Append(',').Append(Education[e]).Append(',').Append(random.Next(2)).Append('\n');
        }

        var data = temp.File("d.csv", sample.ToString());
        var frame = temp.File("frame.csv", "educ,x,n\n" + string.Concat(Education.SelectMany(e => new[] { $"{e},0,100\n", $"{e},1,120\n" })));
        var fit = Path.Combine(temp.Path, "fit");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ x + (1|educ)", "--levels", "educ=" + string.Join(",", Education),
            "--out", fit, "--chains", "2", "--warmup", "150", "--draws", "150", "--quiet");
        Assert.True(exit == 0, error);

        // EST.csv: not code-point order ("4-Year College, HS, No HS, …") but the given one.
        var estimates = Path.Combine(temp.Path, "est.csv");
        (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "educ", "--out", estimates, "--quiet");
        Assert.True(exit == 0, error);
        Assert.Equal(Education, File.ReadAllLines(estimates).Skip(1).Select(l => l.Split(',')[1]));

        // The estimates plot's row labels, top to bottom, in the same order (not sorted by estimate).
        var svg = Path.Combine(temp.Path, "est.svg");
        (exit, _, error) = CliRunner.Run("plot", fit, "estimates", "--estimates", estimates, "--out", svg);
        Assert.True(exit == 0, error);
        var labels = SvgMarks.Read(svg).Texts.Where(t => Education.Contains(t.Text)).OrderBy(t => t.Y).Select(t => t.Text).ToList();
        Assert.Equal(Education, labels);

        // The report's estimates figure says it follows the order.
        var report = Path.Combine(temp.Path, "report.html");
        (exit, _, error) = CliRunner.Run("report", fit, "--estimates", estimates, "--out", report);
        Assert.True(exit == 0, error);
        Assert.Contains("Groups in the fit&#39;s --levels order", File.ReadAllText(report).Replace("'", "&#39;", StringComparison.Ordinal));

        // predictions --conditional educ: its grid in the given order.
        var predictions = Path.Combine(temp.Path, "pred.csv");
        (exit, _, error) = CliRunner.Run("predictions", fit, "--conditional", "educ", "--out", predictions);
        Assert.True(exit == 0, error);
        Assert.Equal(Education, File.ReadAllLines(predictions).Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(File.ReadAllLines(predictions).Skip(1), l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture));
    }
}
