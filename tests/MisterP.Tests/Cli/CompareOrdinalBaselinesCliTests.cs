using System.Globalization;
using MisterP.Tests.Compare;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// <c>mrp compare</c> of an ordinal EST.csv with <c>--sample-weight</c> and <c>--raking</c>: the baselines per quantity in
/// the console and CMP.csv (named as the binary path names them), and bad input refused before anything is written.
/// </summary>
public class CompareOrdinalBaselinesCliTests
{
    private static string[] Compare(TempFolder temp, string sample, string output) =>
    [
        "compare", temp.File("est.csv", OrdinalBaselineTests.EstimatesCsv()), "--by", "g", "--raw", sample, "--outcome", "y",
        "--truth", temp.File("truth.csv", OrdinalBaselineTests.TruthCsv()), "--truth-column", "share:low=p_low", "--truth-column", "mean=mean_t",
        "--truth-column", "top_2=top_t", "--sample-weight", "w", "--raking", temp.File("frame.csv", OrdinalBaselineTests.FrameCsv()), "--rake-on", "a",
        "--out", output,
    ];

    [Fact]
    public void WeightedAndRakedBaselinesArePrintedAndWrittenPerQuantity()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "cmp.csv");
        var (exit, printed, error) = CliRunner.Run(Compare(temp, temp.File("s.csv", OrdinalBaselineTests.SampleCsv()), output));
        Assert.True(exit == 0, error);

        var lines = File.ReadAllLines(output);
        Assert.Equal("g,quantity,category,raw,raw_n,weighted,weighted_se,raking,raking_se,mrp,mrp_lower,mrp_upper,truth", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(3 * 2, rows.Count);
        double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
        foreach (var r in rows)
        {
            // Default scores for text categories: 1..K, as poststrat's mean.
            Func<string, double> value = r[1] switch
            {
                "share" => y => y == "low" ? 1 : 0,
                "mean" => y => Array.IndexOf(["low", "mid", "high"], y) + 1.0,
                _ => y => y is "mid" or "high" ? 1 : 0,
            };
            Assert.Equal(OrdinalBaselineTests.WeightedMean(r[0], raked: false, value), Number(r[5]), 12);
            Assert.Equal(OrdinalBaselineTests.WeightedMean(r[0], raked: true, value), Number(r[7]), 12);
            Assert.True(Number(r[6]) > 0 && Number(r[8]) > 0, string.Join(",", r));
            Assert.Equal(4, Number(r[4]));
        }

        // Per quantity: the table has the baselines beside raw, and each is scored against the truth.
        foreach (var label in new[] { "share:low:", "mean:", "top_2:" })
        {
            var section = printed[printed.IndexOf(label, StringComparison.Ordinal)..];
            var header = section.Split('\n')[2];
            Assert.Matches(@"raw\s+n\s+weighted\s+se\s+raking\s+se\s+MRP", header);
            Assert.Matches(@"weighted: 2 groups, RMSE \d", section);
            Assert.Matches(@"raking: 2 groups, RMSE \d", section);
        }
    }

    [Fact]
    public void RakeOnColumnMissingFromTheFrameExitsTwoWritingNothing()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "cmp.csv");
        string[] args = [.. Compare(temp, temp.File("s.csv", OrdinalBaselineTests.SampleCsv()), output)];
        args[Array.IndexOf(args, "--rake-on") + 1] = "a,g";
        var (exit, printed, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("frame", error);
        Assert.Contains("'g'", error);
        Assert.False(File.Exists(output));
        Assert.DoesNotContain("RMSE", printed);
    }

    [Fact]
    public void SampleAnswerThatIsNoCategoryExitsTwoWritingNothing()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "cmp.csv");
        var (exit, printed, error) = CliRunner.Run(Compare(temp, temp.File("s.csv", OrdinalBaselineTests.SampleCsv() + "top,G2,x,1\n"), output));
        Assert.Equal(2, exit);
        Assert.Contains("'top'", error);
        Assert.Contains("categories (low, mid, high)", error);
        Assert.False(File.Exists(output));
        Assert.DoesNotContain("RMSE", printed);
    }

    [Fact]
    public void BaselinesNeedTheSample()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "cmp.csv");
        var (exit, _, error) = CliRunner.Run("compare", temp.File("est.csv", OrdinalBaselineTests.EstimatesCsv()), "--by", "g",
            "--truth", temp.File("truth.csv", OrdinalBaselineTests.TruthCsv()), "--truth-column", "mean=mean_t", "--sample-weight", "w", "--out", output);
        Assert.Equal(2, exit);
        Assert.Contains("--raw", error);
        Assert.False(File.Exists(output));
    }
}
