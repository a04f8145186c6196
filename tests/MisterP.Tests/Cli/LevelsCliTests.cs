using System.Text.Json;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary><c>--levels VAR="a,b,c"</c>: the order reaches the design (reference level) and model.json; bad orders exit 2.</summary>
public class LevelsCliTests
{
    private const string Data = "y,g,x\n1.0,a,1\n2.0,b,2\n3.5,c,3\n2.5,a,4\n4.0,b,5\n6.0,c,6\n";

    [Fact]
    public void FirstGivenLevelIsTheReferenceAndTheOrderIsStored()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var outDir = Path.Combine(temp.Path, "out");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ g", "--method", "ml", "--levels", "g=c,a,b", "--out", outDir);
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json")));
        var fixedEffects = json.RootElement.GetProperty("fixed_effects").EnumerateArray().Select(e => e.GetString()).ToArray();
        // c is the reference: its mean is the intercept; a and b are differences from it.
        Assert.Equal(["Intercept", "ga", "gb"], fixedEffects);
        var levels = json.RootElement.GetProperty("levels").GetProperty("g").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(["c", "a", "b"], levels);
        var order = json.RootElement.GetProperty("settings").GetProperty("level_order").GetProperty("g").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(["c", "a", "b"], order);
        var summary = File.ReadAllText(Path.Combine(outDir, "summary.csv"));
        Assert.Contains("ga", summary);
        Assert.DoesNotContain("gc", summary);
    }

    [Theory]
    [InlineData("h=a,b,c", "has no column 'h'")]
    [InlineData("g=a,b", "does not list 'c', which occurs in")]
    [InlineData("g=a,b,a,c", "level 'a' is listed 2 times")]
    [InlineData("x=1,2,3,4,5", "does not list '6'")]
    [InlineData("g", "is not VAR=")]
    public void BadOrdersExit2AndWriteNothing(string levels, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var outDir = Path.Combine(temp.Path, "out");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ g", "--method", "ml", "--levels", levels, "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void MissingLevelNamesItsRow()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ g", "--method", "ml", "--levels", "g=a,b", "--out", Path.Combine(temp.Path, "out"));
        Assert.Equal(2, exit);
        Assert.Contains("(row 3)", error);
    }
}
