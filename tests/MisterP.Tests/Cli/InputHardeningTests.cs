using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>Issue 12's input-validation items (6, 7, 8, 11, 12, 13, 14): each bad input ends in exit 2 with a specific message.</summary>
public class InputHardeningTests
{
    private const string Data =
        "y,male,g,x,z,w,big,ybin12,yalmost\n" +
        "1,0,a,1.5,5,1,1e300,1,1\n0,1,b,2.5,5,0,2,2,0\n1,1,a,3,5,2,3,1,1\n0,0,b,4,5,1,4,2,0\n1,0,c,5,5,1,5,1,1\n0,1,c,2,5,1,6,2,0\n" +
        "1,0,a,1.2,5,1,7,1,1\n0,1,b,2.2,5,1,8,2,0\n1,1,a,3.1,5,1,9,1,1\n0,0,b,4.2,5,1,10,2,0\n1,0,c,5.3,5,1,11,1,1\n0,1,c,2.4,5,1,12,2,0\n" +
        "1,0,a,1.6,5,1,13,1,1\n0,1,b,2.7,5,1,14,2,0\n1,1,a,3.8,5,1,15,1,1\n0,0,b,4.9,5,1,16,2,0\n1,0,c,5.1,5,1,17,1,2\n0,1,c,2.3,5,1,18,2,0\n" +
        "1,0,a,1.4,5,1,19,1,1\n0,1,b,2.6,5,1,20,2,0\n1,1,a,3.9,5,1,21,1,1\n0,0,b,4.8,5,1,22,2,0\n";

    [Theory]
    [InlineData("y ~ log(male)", "log(male) needs values > 0, but 'male' is ≤ 0 in row 1")]
    [InlineData("y ~ sqrt(I(male - 1))", "sqrt(I(male - 1)) needs values ≥ 0")]
    [InlineData("y ~ I(1/0)", "Predictor column 'I(1/0)' is Infinity")]
    [InlineData("y ~ exp(x * 1000)", "Predictor column 'exp(x * 1000)' is Infinity")]
    [InlineData("y ~ 0", "has nothing to fit")]
    [InlineData("y ~ -1", "has nothing to fit")]
    [InlineData("y ~ (g | g)", "is the grouping factor itself")]
    [InlineData("y ~ scale(big)", "scale(big): 'big' is beyond ±1e150")]
    [InlineData("y ~ big", "Predictor column 'big' reaches 1E+300")]
    [InlineData("y ~ x + (1 | g) + (1 | g)", "The grouping factor 'g' appears in two group terms")]
    [InlineData("y ~ x + (1 | g:male) + (1 | male:g)", "appears in two group terms")]
    [InlineData("y ~ z", "Predictor column 'z' is 5 in every row used")]
    [InlineData("z ~ x", "The outcome is constant: every row of 'z' is 5")]
    [InlineData("I(y * 0) ~ x", "The outcome is constant")]
    [InlineData("y | weights(I(w * 0)) ~ x", "Every weight 'I(w * 0)' is 0")]
    [InlineData("y | weights(I(w * 1e300)) ~ x", "The weight 'I(w * 1e+300)' reaches 2E+300")]
    [InlineData("x ~ male + (1 | male:male)", "repeats a grouping factor")]
    [InlineData("y ~ log(x, 2)", "log() takes exactly one argument")]
    [InlineData("I(-center(x)) ~ male", "center() applies to a whole predictor")]
    [InlineData("y ~ I(foo(x))", "Unknown function 'foo'")]
    public void ExitsWith2AndSaysWhatToFix(string formula, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        foreach (var method in new[] { "ml", "nuts" })
        {
            var outDir = Path.Combine(temp.Path, "out");
            var (exit, _, error) = CliRunner.Run("fit", data, "--formula", formula, "--method", method, "--out", outDir);
            Assert.True(exit == 2, $"{method}: exit {exit}: {error}");
            Assert.Contains(expected, error);
            Assert.False(Directory.Exists(outDir));
        }
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    public void NonFinitePredictorCellsAreNamedByRow(string value)
    {
        using var temp = new TempFolder();
        var data = temp.File("nan.csv", $"y,x\n1,1\n0,{value}\n1,3\n0,4\n");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ I(x^2)", "--check");
        Assert.Equal(2, exit);
        Assert.Contains("Column 'x' is not a finite number (NaN or Inf) in row 2", error);
    }

    [Fact]
    public void SingleLevelGaussianGroupIsRefused()
    {
        using var temp = new TempFolder();
        var data = temp.File("one.csv", "y,g,x\n1.5,a,1\n2.5,a,2\n2.0,a,3\n4.5,a,4\n3.0,a,5\n");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ x + (1|g)", "--out", Path.Combine(temp.Path, "o"));
        Assert.Equal(2, exit);
        Assert.Contains("The group term for 'g' has only one level ('a')", error);
    }

    [Theory]
    [InlineData("normal(0, 1e-300)", "outside the usable range")]
    [InlineData("normal(0, 1e300)", "outside the usable range")]
    public void UnusablePriorScalesAreRefused(string distribution, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ x", "--prior", $"b_x ~ {distribution}", "--out", Path.Combine(temp.Path, "o"));
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void OneDrawIsRefused()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ x", "--draws", "1", "--out", Path.Combine(temp.Path, "o"));
        Assert.Equal(2, exit);
        Assert.Contains("--draws must be at least 10", error);
    }

    [Fact]
    public void DeepNestingIsBoundedNotAStackOverflow()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var calls = "y ~ " + string.Concat(Enumerable.Repeat("I(", 30_000)) + "male" + new string(')', 30_000);
        var parentheses = "y ~ " + new string('(', 60_000) + "male" + new string(')', 60_000);
        foreach (var formula in new[] { calls, parentheses })
        {
            var (exit, _, error) = CliRunner.Run("fit", data, "--formula", formula, "--check");
            Assert.Equal(2, exit);
            Assert.Contains("more than 200 levels deep", error);
            Assert.True(error.Length < 2_000, "the message shows a window of the formula, not all of it");
        }
    }

    [Fact]
    public void ThreeThousandUnknownNamesAreReportedInLinearTime()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var formula = "y ~ " + string.Join(" + ", Enumerable.Range(0, 3000).Select(i => $"zz{i}"));
        var clock = Stopwatch.StartNew();
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", formula, "--check");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown column 'zz0'", error);
        // Was 168 s (cubic term algebra: every '+' copied and rescanned the terms so far); now milliseconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void InteractionExplosionIsBounded()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ " + string.Join(" * ", Enumerable.Range(0, 30).Select(i => $"v{i}")), "--check");
        Assert.Equal(2, exit);
        Assert.Contains("expands to more than 10,000 terms", error);
    }

    [Fact]
    public void DuplicateFixedTermsCollapseAsInR()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var (exit, output, error) = CliRunner.Run("fit", data, "--formula", "y ~ x + x + x:male + male:x", "--check");
        Assert.True(exit == 0, error);
        Assert.Contains("Fixed effects (3): Intercept, x, x:male", output);
    }

    [Fact]
    public void CheckPrintsTheModelShapeAndWritesNothing()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var (exit, output, error) = CliRunner.Run("fit", data, "--formula", "y ~ x + male + (1 + x | g)", "--check");
        Assert.True(exit == 0, error);
        Assert.Contains("22 rows used", output);
        Assert.Contains("Fixed effects (3): Intercept, x, male", output);
        Assert.Contains("Group term g: 3 levels; varying Intercept, x (correlated)", output);
        Assert.Contains("nothing was fitted or written", output);
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
        Assert.Equal(2, CliRunner.Run("fit", data, "--formula", "y ~ x").Exit);
    }

    [Fact]
    public void InferredFamilyIsSaidWithItsReason()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var outDir = Path.Combine(temp.Path, "o");
        var (exit, output, error) = CliRunner.Run("fit", data, "--formula", "y ~ x", "--method", "ml", "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("family inferred: every value of 'y' is 0 or 1", output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json")));
        Assert.Equal("every value of 'y' is 0 or 1", json.RootElement.GetProperty("family_inferred").GetString());

        var explicitFamily = Path.Combine(temp.Path, "o2");
        Assert.Equal(0, CliRunner.Run("fit", data, "--formula", "y ~ x", "--method", "ml", "--family", "bernoulli", "--out", explicitFamily).Exit);
        using var json2 = JsonDocument.Parse(File.ReadAllText(Path.Combine(explicitFamily, "model.json")));
        Assert.False(json2.RootElement.TryGetProperty("family_inferred", out _));
    }

    [Fact]
    public void TwoValuedOutcomeFittedAsGaussianIsWarnedAbout()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var outDir = Path.Combine(temp.Path, "o");
        var (exit, output, error) = CliRunner.Run("fit", data, "--formula", "ybin12 ~ x", "--method", "ml", "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("gaussian", output);
        Assert.Contains("'ybin12' has values other than 0 and 1 (the first at row 2)", output);
        Assert.Contains("'ybin12' has exactly two values, 1 and 2", error);
        Assert.Contains("recode it to 0/1", error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json")));
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("exactly two values", StringComparison.Ordinal));
    }

    [Fact]
    public void AFewValuesBreakingABinaryOutcomeAreNamedByRow()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "yalmost ~ x", "--method", "ml", "--out", Path.Combine(temp.Path, "o"));
        Assert.True(exit == 0, error);
        Assert.Contains("'yalmost' is 0 or 1 except in 1 row(s) (row 17: 2)", error);
    }

    [Fact]
    public void NumericColumnWithAFewTextValuesIsAnErrorUnlessDeclaredCategorical()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data.Replace("\n0,1,b,2.5,", "\n0,abc,b,2.5,", StringComparison.Ordinal));
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ x + male", "--check");
        Assert.Equal(2, exit);
        Assert.Contains("Column 'male' of", error);
        Assert.Contains("holds numbers except for 'abc' (first in row 2)", error);
        Assert.Contains("C(male)", error);

        var (forced, output, forcedError) = CliRunner.Run("fit", data, "--formula", "y ~ x + C(male)", "--check");
        Assert.True(forced == 0, forcedError);
        Assert.Contains("maleabc", output);
    }

    [Fact]
    public void DuplicateColumnNamesAreAnErrorNamingBothPositions()
    {
        using var temp = new TempFolder();
        var data = temp.File("dup.csv", "y,male,x,male\n1,0,1,1\n0,1,2,0\n1,1,3,1\n");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ male", "--check");
        Assert.Equal(2, exit);
        Assert.Contains("columns 2 and 4 are both named 'male'", error);

        var quoted = temp.File("dupq.csv", "y,\"a,b\",\"Male\",male\n1,0,1,1\n0,1,2,0\n1,1,3,1\n");
        (exit, _, error) = CliRunner.Run("fit", quoted, "--formula", "y ~ male", "--check");
        Assert.Equal(2, exit);
        Assert.Contains("columns 3 and 4 are both named 'male' (as 'Male', names ignore case)", error);
    }

    [Fact]
    public void NonUtf8AndGarbageCsvBytesAreUserErrors()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "bad.csv");
        var bytes = Encoding.UTF8.GetBytes("y,x\n1,2\n0,3\n").ToList();
        bytes.InsertRange(6, new byte[] { 0xC3, 0x28, 0xFF });
        File.WriteAllBytes(path, bytes.ToArray());
        var (exit, _, error) = CliRunner.Run("fit", path, "--formula", "y ~ x", "--check");
        Assert.True(exit is 0 or 2, error);
    }

    /// <summary>60 rows where 'sep' restates the outcome; 'x' is noise; 'g' has three levels.</summary>
    private static string SeparatedData()
    {
        var random = new Random(7);
        var text = new StringBuilder("y,sep,x,g\n");
        for (var i = 0; i < 60; i++)
        {
            var s = random.Next(2);
            text.Append(FormattableString.Invariant($"{s},{s},{random.NextDouble():F3},{"abc"[i % 3]}\n"));
        }

        return text.ToString();
    }

    [Theory]
    [InlineData("y ~ sep + x", "ml", "Separation: some combination of the predictors ('sep')")]
    [InlineData("y ~ x + (1 + sep | g)", "ml", "Separation: some combination of the predictors ('sep')")]
    [InlineData("y ~ x + (1 + sep | g)", "laplace", "Separation: some combination of the predictors ('sep')")]
    public void SeparationIsReportedUnderMlIncludingGroupSlopes(string formula, string method, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File("sep.csv", SeparatedData());
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", formula, "--method", method, "--out", Path.Combine(temp.Path, "o"));
        Assert.True(exit == 0, error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void SeparationThroughAGroupSlopeIsReportedUnderNuts()
    {
        using var temp = new TempFolder();
        var data = temp.File("sep.csv", SeparatedData());
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ x + (1 + sep | g)", "--chains", "1", "--warmup", "100", "--draws", "100",
            "--out", Path.Combine(temp.Path, "o"));
        Assert.True(exit == 0, error);
        Assert.Contains("Separation: some combination of the predictors ('sep')", error);
    }

    [Fact]
    public void NoSeparationWarningWithoutSeparation()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ x + (1 | g)", "--method", "ml", "--out", Path.Combine(temp.Path, "o"));
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("Separation", error);
    }
}
