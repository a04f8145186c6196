using MisterP.Tests.Cli;
using MisterP.Tests.Plots;
using Xunit;

namespace MisterP.Tests.Compare;

/// <summary>
/// Issue 12 item 15: a truth file must hold exactly one row per group of the set compared; otherwise exit 2 saying
/// what the file looks like, and write nothing.
/// </summary>
[Collection(TinyFitCollection.Name)]
public class TruthRowsTests(TinyFit fit)
{
    private const string ByState = "state,truth\nCA,0.45\nNY,0.5\nTX,0.55\nWA,0.4\n";

    [Fact]
    public void ATruthByStateComparedWithTheWholePopulationIsRefused()
    {
        var truth = fit.File("truth.csv", ByState);
        var cmp = fit.Output("cmp.csv");
        var (exit, output, error) = CliRunner.Run("compare", fit.Estimates, "--raw", fit.Survey, "--outcome", "y", "--truth", truth, "--by", "", "--out", cmp);
        Assert.Equal(2, exit);
        Assert.Contains("has 4 rows for 1 group(s) of --by '(all)': one row per group is needed", error);
        Assert.Contains("'state' (4 values)", error);
        Assert.Contains("it looks like a truth by state", error);
        Assert.False(File.Exists(cmp));
        Assert.DoesNotContain("RMSE", output);
    }

    [Theory]
    [InlineData("state,truth\nCA,0.45\nNY,0.5\nTX,0.55\nWA,0.4\nWA,0.41\n", "has 5 rows for 4 group(s) of --by 'state'")]
    [InlineData("state,truth\nCA,0.45\nNY,0.5\nTX,0.55\n", "it has no row for 'WA'")]
    [InlineData("state,truth\nCA,0.45\nNY,0.5\nTX,0.55\nWA,0.4\nOR,0.3\n", "it has rows for 'OR', which the estimates do not have")]
    public void ATruthWithoutExactlyTheGroupsIsRefused(string content, string message)
    {
        var truth = fit.File("truth.csv", content);
        var cmp = fit.Output("cmp.csv");
        var (exit, _, error) = CliRunner.Run("compare", fit.Estimates, "--truth", truth, "--by", "state", "--out", cmp);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.False(File.Exists(cmp));
    }

    [Fact]
    public void ALongTruthFileIsFilteredToTheComparedSet()
    {
        // The long format of mrp simulate and EST.csv: one block of rows per grouping set, named in 'by'.
        var truth = fit.File("truth.csv", "by,state,truth\n(all),,0.48\nstate,CA,0.45\nstate,NY,0.5\nstate,TX,0.55\nstate,WA,0.4\n");
        var cmp = fit.Output("cmp.csv");
        var (exit, _, error) = CliRunner.Run("compare", fit.Estimates, "--truth", truth, "--by", "", "--out", cmp);
        Assert.True(exit == 0, error);
        Assert.EndsWith(",0.48", File.ReadLines(cmp).Last());
        (exit, _, error) = CliRunner.Run("compare", fit.Estimates, "--truth", truth, "--by", "state", "--out", cmp);
        Assert.True(exit == 0, error);
        Assert.Equal(5, File.ReadLines(cmp).Count());
    }
}
