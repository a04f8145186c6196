using System.Text.Json;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>Issue 16: <c>--warmup auto|N</c> and <c>--adapt stan|fast</c> on the command line, and what model.json records.</summary>
public class WarmupCliTests
{
    private const string Survey = "y,male,state\n1,0.5,CA\n0,-0.5,CA\n1,0.5,TX\n0,-0.5,TX\n1,-0.5,NY\n0,0.5,NY\n1,0.5,CA\n1,-0.5,TX\n0,0.5,NY\n1,-0.5,CA\n0,0.5,TX\n1,0.5,NY\n";

    [Fact]
    public void AutoWarmupIsTheDefaultAndModelJsonRecordsWhatEachChainRan()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var outDir = Path.Combine(temp.Path, "fit");
        var fit = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--out", outDir, "--chains", "2", "--draws", "100", "--seed", "3", "--quiet");
        Assert.True(fit.Exit == 0, fit.Error);
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json")));
        var settings = model.RootElement.GetProperty("settings");
        Assert.Equal("auto", settings.GetProperty("warmup_mode").GetString());
        Assert.Equal("fast", settings.GetProperty("adapt").GetString());
        Assert.Equal(1000, settings.GetProperty("warmup").GetInt32());
        var used = model.RootElement.GetProperty("diagnostics").GetProperty("warmup_used").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(2, used.Count);
        Assert.All(used, u => Assert.InRange(u, MisterP.Inference.Adaptation.WarmupSettling.Floor, 1000));
    }

    [Fact]
    public void ExplicitWarmupIsExact()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var outDir = Path.Combine(temp.Path, "fit");
        var fit = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--out", outDir, "--chains", "2", "--warmup", "120", "--draws", "100", "--seed", "3", "--quiet");
        Assert.True(fit.Exit == 0, fit.Error);
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json")));
        Assert.Equal("fixed", model.RootElement.GetProperty("settings").GetProperty("warmup_mode").GetString());
        Assert.Equal("fast", model.RootElement.GetProperty("settings").GetProperty("adapt").GetString());
        Assert.All(model.RootElement.GetProperty("diagnostics").GetProperty("warmup_used").EnumerateArray(), e => Assert.Equal(120, e.GetInt32()));
    }

    [Fact]
    public void ADenseMetricBringsStanAdaptationUnlessFastIsAskedFor()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var outDir = Path.Combine(temp.Path, "fit");
        var fit = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--out", outDir, "--chains", "1", "--warmup", "100", "--draws", "50", "--metric", "dense", "--quiet");
        Assert.True(fit.Exit == 0, fit.Error);
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json")));
        Assert.Equal("stan", model.RootElement.GetProperty("settings").GetProperty("adapt").GetString());
    }

    [Theory]
    [InlineData("--warmup", "soon", "neither a number nor auto")]
    [InlineData("--adapt", "nutpie", "--adapt 'nutpie' is not known")]
    public void BadValuesAreRefusedWithExit2(string option, string value, string message)
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var outDir = Path.Combine(temp.Path, "fit");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--out", outDir, option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void FastAdaptationWithADenseMetricIsRefused()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--out", Path.Combine(temp.Path, "fit"), "--adapt", "fast", "--metric", "dense");
        Assert.Equal(2, exit);
        Assert.Contains("--adapt fast adapts a diagonal metric only", error);
    }
}
