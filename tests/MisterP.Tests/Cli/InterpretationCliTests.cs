using MisterP.Tests.Interpretation;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>One maximum-likelihood fit folder of the simulated survey, shared by a class's tests.</summary>
public sealed class MlSurveyFolder : IDisposable
{
    private readonly TempFolder _temp = new();

    public MlSurveyFolder()
    {
        var data = _temp.File("rows.csv", InterpretationSurvey.Rows());
        Fit = Path.Combine(_temp.Path, "fit");
        var fitted = CliRunner.Run("fit", data, "--formula", "y ~ x + g + (1|s)", "--method", "ml", "--out", Fit, "--quiet");
        Assert.True(fitted.Exit == 0, fitted.Error);
    }

    public string Fit { get; }

    public void Dispose() => _temp.Dispose();
}

/// <summary>mrp predictions | comparisons | slopes end to end: files, figures, and bad input.</summary>
public class InterpretationCliTests(MlSurveyFolder survey) : IClassFixture<MlSurveyFolder>
{
    [Fact]
    public void ComparisonsWriteTheirCsvAndFigure()
    {
        using var temp = new TempFolder();
        var fit = survey.Fit;

        var csv = Path.Combine(temp.Path, "cmp.csv");
        var png = Path.Combine(temp.Path, "cmp.png");
        var run = CliRunner.Run("comparisons", fit, "--contrast", "g=a,b", "--conditional", "x,s", "--out", csv, "--plot", png);
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("b - a", run.Output);
        Assert.Contains("Wald", run.Output);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("term,contrast,x,s,estimate,std_error,lower,upper", lines[0]);
        Assert.Equal(1 + 50 * InterpretationSurvey.States.Length, lines.Length);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4));

        var svg = Path.Combine(temp.Path, "slopes.svg");
        var slopes = CliRunner.Run("slopes", fit, "--wrt", "x", "--conditional", "g", "--plot", svg, "--title", "Slope of y in x", "--quiet");
        Assert.True(slopes.Exit == 0, slopes.Error);
        var text = File.ReadAllText(svg);
        Assert.StartsWith("<?xml", text);
        Assert.Contains("Slope of y in x", text);

        var averaged = CliRunner.Run("predictions", fit, "--average-by", "g", "--average-by", "", "--out", csv, "--quiet");
        Assert.True(averaged.Exit == 0, averaged.Error);
        Assert.Equal("by,g,estimate,std_error,lower,upper,weight", File.ReadLines(csv).First());
        Assert.Contains("(all),,", File.ReadAllText(csv));
    }

    [Theory]
    [InlineData("comparisons", "--contrast", "nope", "not in the model")]
    [InlineData("comparisons", "--contrast", "g=a,zz", "not a level")]
    [InlineData("predictions", "--kind", "pps", "needs posterior draws")]
    [InlineData("predictions", "--conditional", "x", "--average-by", "s", "not a --conditional variable")]
    [InlineData("slopes", "--wrt", "x", "--plot", "f.jpg", ".png or .svg")]
    [InlineData("predictions", "--plot", "f.png", "no axis to plot")]
    public void BadInputExitsWith2AndWritesNothing(params string[] arguments)
    {
        using var temp = new TempFolder();
        var fit = survey.Fit;
        var command = arguments[0];
        var message = arguments[^1];
        var options = arguments[1..^1].Select(a => a.EndsWith(".png", StringComparison.Ordinal) || a.EndsWith(".jpg", StringComparison.Ordinal) ? Path.Combine(temp.Path, a) : a);
        var csv = Path.Combine(temp.Path, "out.csv");
        var run = CliRunner.Run([command, fit, .. options, "--out", csv]);
        Assert.Equal(2, run.Exit);
        Assert.Contains(message, run.Error);
        Assert.False(File.Exists(csv));
        Assert.Empty(Directory.GetFiles(temp.Path, "f.*"));
    }
}
