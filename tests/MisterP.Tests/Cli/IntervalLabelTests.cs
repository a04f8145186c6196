using MisterP.Output;
using MisterP.Posterior;
using MisterP.Tests.Plots;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// Issue 12 item 18: <c>mrp summary --interval</c>, and every table and legend says which interval it shows.
/// </summary>
[Collection(TinyFitCollection.Name)]
public class IntervalLabelTests(TinyFit fit)
{
    [Theory]
    [InlineData("0.9", "q5", "q95", 0.05, 0.95)]
    [InlineData("0.95", "q2.5", "q97.5", 0.025, 0.975)]
    [InlineData("0.5", "q25", "q75", 0.25, 0.75)]
    public void SummaryQuantileColumnsFollowTheInterval(string interval, string low, string high, double pLow, double pHigh)
    {
        var csv = fit.Output("summary.csv");
        var (exit, output, error) = CliRunner.Run("summary", fit.Folder, "--interval", interval, "--out", csv);
        Assert.True(exit == 0, error);
        Assert.Matches($@"parameter\s+mean\s+mcse\s+sd\s+{low}\s+q50\s+{high}\s", output);

        var table = CsvTable.Read(csv, "summary");
        Assert.Contains(low, table.Header);
        Assert.Contains(high, table.Header);
        Assert.Contains("mcse_" + high, table.Header);
        var draws = CsvTable.Read(Path.Combine(fit.Folder, "draws.csv"), "draws");
        var sorted = draws.Rows.Select(r => draws.Number(r, "b_male")).Order().ToArray();
        var row = table.Rows.Single(r => r.Fields[0] == "b_male");
        Assert.Equal(ConvergenceMath.Quantile(sorted, pLow), table.Number(row, low), 12);
        Assert.Equal(ConvergenceMath.Quantile(sorted, pHigh), table.Number(row, high), 12);

        (exit, output, error) = CliRunner.Run("summary", fit.Folder, "--interval", interval, "--format", "json");
        Assert.True(exit == 0, error);
        Assert.Contains($"\"{low}\":", output);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0")]
    public void SummaryRejectsAnIntervalOutsideZeroToOne(string interval)
    {
        var (exit, _, error) = CliRunner.Run("summary", fit.Folder, "--interval", interval);
        Assert.Equal(2, exit);
        Assert.Contains("--interval must lie strictly between 0 and 1", error);
    }

    [Fact]
    public void CompareSaysWhichIntervalItScores()
    {
        var truth = fit.File("truth.csv", "state,truth\nCA,0.45\nNY,0.5\nTX,0.55\nWA,0.4\n");
        var (exit, output, error) = CliRunner.Run("compare", fit.Estimates, "--truth", truth, "--by", "state");
        Assert.True(exit == 0, error);
        Assert.Contains("MRP estimates with their 90% interval (lower, upper)", output);
        Assert.Contains("90% interval coverage", output);
    }

    [Fact]
    public void PoststratTablesEstimatesFileAndFigureNameTheInterval()
    {
        var frame = fit.File("frame.csv", "state,male,n\nCA,0.5,100\nCA,-0.5,120\nNY,0.5,60\nNY,-0.5,50\nTX,0.5,80\nTX,-0.5,90\nWA,0.5,30\nWA,-0.5,40\n");
        var estimates = fit.Output("est.csv");
        var (exit, output, error) = CliRunner.Run("poststrat", fit.Folder, "--frame", frame, "--by", "state", "--interval", "0.8", "--out", estimates);
        Assert.True(exit == 0, error);
        Assert.Contains("by state (posterior mean, sd and 80% interval):", output);
        var table = CsvTable.Read(estimates, "estimates");
        Assert.All(table.Rows, r => Assert.Equal(0.8, table.Number(r, "interval")));

        var svg = fit.Output("estimates.svg");
        (exit, _, error) = CliRunner.Run("plot", fit.Folder, "estimates", "--estimates", estimates, "--out", svg);
        Assert.True(exit == 0, error);
        Assert.Contains(SvgMarks.Read(svg).Texts, t => t.Text == "MRP estimate and 80% interval");

        var html = fit.Output("report.html");
        (exit, _, error) = CliRunner.Run("report", fit.Folder, "--estimates", estimates, "--out", html);
        Assert.True(exit == 0, error);
        Assert.Contains("posterior mean, sd and 80% interval", File.ReadAllText(html));
    }
}
