using MisterP.Inference;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>Issue 12 item 10: draw counts are checked before sampling (too few for diagnostics, too many for memory).</summary>
public class DrawsBudgetTests
{
    [Theory]
    [InlineData("--draws", "1", "at least 10")]
    [InlineData("--draws", "0", "at least 10")]
    [InlineData("--draws", "3", "at least 10")]
    [InlineData("--chains", "0", "--chains must be between 1 and 64")]
    public void TooFewDrawsOrChainsExit2(string option, string value, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File("survey.csv", OutputSafetyTests.Survey);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ male", option, value, "--out", Path.Combine(temp.Path, "fit"));
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("nuts")]
    [InlineData("laplace")]
    public void DrawsBeyondTheMachinesMemoryAreRefusedBeforeSampling(string method)
    {
        using var temp = new TempFolder();
        var data = temp.File("survey.csv", OutputSafetyTests.Survey);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--method", method, "--chains", "64", "--draws", "100000000", "--out", Path.Combine(temp.Path, "fit"));
        Assert.Equal(2, exit);
        Assert.Contains("of memory, more than the", error);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "fit")));
    }

    [Fact]
    public void EstimateCountsEveryValueTwice()
    {
        // 4 chains × 1000 draws × (10 + 7) doubles × 8 bytes × 2 copies.
        Assert.Equal(4 * 1000 * 17 * 8 * 2, DrawsBudget.EstimateBytes(4, 1000, 10, 7));
        DrawsBudget.Check(4, 1000, 10, 7, availableBytes: 1_088_000);
        var e = Assert.Throws<UserInputException>(() => DrawsBudget.Check(4, 1000, 10, 7, availableBytes: 1_087_999));
        Assert.Contains("1.0 MB", e.Message);
    }
}
