using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Plots;

[Collection(TinyFitCollection.Name)]
public class PlotCommandTests(TinyFit fit)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData("estimates", "MRP estimates vs raw sample means and truth by state")]
    [InlineData("effects", "state: varying intercepts")]
    [InlineData("trace", "Trace plots (2 chains × 100 draws)")]
    [InlineData("rank", "Rank histograms per chain")]
    [InlineData("ppc", "Posterior predictive check by state")]
    public void EveryKindWritesPngAndSvg(string kind, string title)
    {
        var extra = kind == "estimates" ? new[] { "--estimates", fit.Estimates, "--compare", fit.Comparison } : [];
        var png = fit.Output(kind + ".png");
        var (exit, _, error) = CliRunner.Run(["plot", fit.Folder, kind, "--out", png, .. extra]);
        Assert.True(exit == 0, error);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.True(bytes.Length > 10_000, $"{kind}.png has only {bytes.Length} bytes");

        var svg = fit.Output(kind + ".svg");
        (exit, _, error) = CliRunner.Run(["plot", fit.Folder, kind, "--out", svg, .. extra]);
        Assert.True(exit == 0, error);
        var text = File.ReadAllText(svg);
        Assert.StartsWith("<?xml", text);
        Assert.Contains("<svg", text);
        Assert.Contains(title, text);
        Assert.EndsWith("</svg>", text.TrimEnd());
    }

    [Fact]
    public void TracePlotShowsTheNamedParameters()
    {
        var svg = fit.Output("trace.svg");
        var (exit, _, error) = CliRunner.Run("plot", fit.Folder, "trace", "--parameters", "b_male,r_state[CA,Intercept]", "--out", svg);
        Assert.True(exit == 0, error);
        var text = File.ReadAllText(svg);
        Assert.Contains("r_state[CA,Intercept]", text);
        Assert.DoesNotContain("sd_state__Intercept", text);
    }

    [Theory]
    [InlineData("histogram", "Unknown plot kind 'histogram'; use one of estimates, effects, trace, rank, ppc")]
    [InlineData("estimates", "needs --estimates EST.csv")]
    public void UnknownKindOrMissingInputExitsWith2(string kind, string message)
    {
        var png = fit.Output("bad.png");
        var (exit, _, error) = CliRunner.Run("plot", fit.Folder, kind, "--out", png);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.False(File.Exists(png));
    }

    [Fact]
    public void MissingEstimatesFileExitsWith2()
    {
        var png = fit.Output("bad.png");
        var (exit, _, error) = CliRunner.Run("plot", fit.Folder, "estimates", "--estimates", fit.Output("nope.csv"), "--out", png);
        Assert.Equal(2, exit);
        Assert.Contains("The estimates file", error);
        Assert.Contains("does not exist", error);
        Assert.False(File.Exists(png));
    }

    [Fact]
    public void UnknownParameterSuggestsTheClosestName()
    {
        var png = fit.Output("bad.png");
        var (exit, _, error) = CliRunner.Run("plot", fit.Folder, "rank", "--parameters", "b_mael", "--out", png);
        Assert.Equal(2, exit);
        Assert.Contains("'b_mael', which is not a parameter of this fit. Did you mean 'b_male'?", error);
        Assert.False(File.Exists(png));
    }

    [Theory]
    [InlineData("effects", "--group", "county", "--group 'county' is not a group term of this model; its group terms are state")]
    [InlineData("ppc", "--by", "county", "--by 'county' is not a grouping factor of this model")]
    [InlineData("effects", "--interval", "1.5", "--interval must lie strictly between 0 and 1")]
    public void BadOptionsExitWith2(string kind, string option, string value, string message)
    {
        var png = fit.Output("bad.png");
        var (exit, _, error) = CliRunner.Run("plot", fit.Folder, kind, option, value, "--out", png);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void UnknownImageFormatExitsWith2()
    {
        var (exit, _, error) = CliRunner.Run("plot", fit.Folder, "trace", "--out", fit.Output("trace.jpg"));
        Assert.Equal(2, exit);
        Assert.Contains("name the output FILE.png or FILE.svg", error);
    }

    [Fact]
    public void DrawsPlotsOfAnMlFitExplainWhyNot()
    {
        var (exit, _, error) = CliRunner.Run("plot", fit.MlFolder, "trace", "--out", fit.Output("trace.png"));
        Assert.Equal(2, exit);
        Assert.Contains("maximum-likelihood fit (--method ml) and has no posterior draws", error);

        var png = fit.Output("ml-estimates.png");
        (exit, _, error) = CliRunner.Run("plot", fit.MlFolder, "estimates", "--estimates", fit.Estimates, "--out", png);
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(png));
    }

    [Fact]
    public void PpcNeedsTheFitsDataUnchanged()
    {
        var copy = fit.Output("fit-copy");
        CopyFolder(fit.Folder, copy);
        var model = Path.Combine(copy, "model.json");
        File.WriteAllText(model, File.ReadAllText(model).Replace("\"rows_used\": 80", "\"rows_used\": 81", StringComparison.Ordinal));
        var (exit, _, error) = CliRunner.Run("plot", copy, "ppc", "--out", fit.Output("ppc.png"));
        Assert.Equal(2, exit);
        Assert.Contains("no longer match the fit", error);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
