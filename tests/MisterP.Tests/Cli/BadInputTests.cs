using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>Every bad input of issue 3 gives its own clear error, exit code 2, and writes nothing.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("empty.csv", "", "y ~ x", "is empty")]
    [InlineData("header.csv", "y,x,g\n", "y ~ x", "no data rows")]
    [InlineData("ragged.csv", "y,x,g\n1,2,a\n2,3\n3,4,b\n", "y ~ x", "line 3 has 2 field(s), the header has 3")]
    [InlineData("unknown.csv", "y,x,g\n1,2,a\n2,3,b\n", "y ~ z", "Unknown column 'z'")]
    [InlineData("text.csv", "y,x\nhigh,2\nlow,3\n", "y ~ x", "holds text")]
    [InlineData("trials.csv", "k,n,g\n1,3,a\n5,3,b\n", "p(k, n) ~ g", "row 2: successes 'k' exceed the trials")]
    [InlineData("negative.csv", "k,n,g\n1,-3,a\n1,3,b\n", "p(k, n) ~ g", "row 1: trials must be a whole number")]
    [InlineData("missing.csv", "y,x,g\nNA,2,a\n1,NA,b\n", "y ~ x + g", "no rows left after dropping 2")]
    [InlineData("onelevel.csv", "y,x,g\n1,2,a\n0,3,a\n1,4,a\n", "y ~ x + g", "only one level")]
    [InlineData("syntax1.csv", "y,x\n1,2\n", "y ~ x +", "ends early")]
    [InlineData("syntax2.csv", "y,x\n1,2\n", "y ~ (1 | x", "Expected ')'")]
    [InlineData("syntax3.csv", "y,x\n1,2\n", "y x", "no '~'")]
    public void ClearErrorExit2AndNothingWritten(string file, string content, string formula, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File(file, content);
        var outDir = Path.Combine(temp.Path, "out");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", formula, "--method", "ml", "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(outDir));
        Assert.Empty(Directory.GetDirectories(temp.Path));
    }

    [Fact]
    public void UnreadableFile()
    {
        using var temp = new TempFolder();
        var data = temp.File("notes.xlsx", "binary");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ x", "--out", Path.Combine(temp.Path, "out"));
        Assert.Equal(2, exit);
        Assert.Contains("unknown file type", error);
    }

    [Fact]
    public void OverwriteSwapsTheFolder()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", "y,x\n1.5,1\n2.5,2\n2.0,3\n4.5,4\n");
        var outDir = Path.Combine(temp.Path, "out");
        Assert.Equal(0, CliRunner.Run("fit", data, "--formula", "y ~ x", "--method", "ml", "--out", outDir).Exit);
        File.WriteAllText(Path.Combine(outDir, "summary.csv"), "old");
        Assert.Equal(2, CliRunner.Run("fit", data, "--formula", "y ~ x", "--method", "ml", "--out", outDir).Exit);
        Assert.Equal("old", File.ReadAllText(Path.Combine(outDir, "summary.csv")));
        var (exit, output, error) = CliRunner.Run("fit", data, "--formula", "y ~ x", "--method", "ml", "--out", outDir, "--overwrite");
        Assert.True(exit == 0, error);
        Assert.Contains("R²", output);
        Assert.NotEqual("old", File.ReadAllText(Path.Combine(outDir, "summary.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "model.json")));
        Assert.Single(Directory.GetDirectories(temp.Path));
    }
}
