using System.Text.RegularExpressions;
using MisterP.Reports;
using MisterP.Tests.Cli;
using MisterP.Tests.Plots;
using Xunit;

namespace MisterP.Tests.Reports;

[Collection(TinyFitCollection.Name)]
public class ReportTests(TinyFit fit)
{
    [Fact]
    public void ReportHasEverySectionAndNothingFromTheNetwork()
    {
        var html = fit.Output("report.html");
        var (exit, output, error) = CliRunner.Run(
            "report", fit.Folder, "--estimates", fit.Estimates, "--compare", fit.Comparison, "--title", "Tiny survey",
            "--note", "Opt-out driven by the outcome itself within a stratum is beyond any reweighting.", "--out", html);
        Assert.True(exit == 0, error);
        Assert.Contains(html, output);
        var text = File.ReadAllText(html);
        foreach (var id in FitReport.SectionIds)
        {
            Assert.Contains($"<section id=\"{id}\">", text);
        }

        foreach (var heading in new[] { "Data and weighting", "Model and priors", "Diagnostics", "Estimates", "Raw vs MRP" })
        {
            Assert.Contains($"<h2>{heading}</h2>", text);
        }

        Assert.Contains("Opt-out driven by the outcome itself within a stratum is beyond any reweighting.", text);
        Assert.Contains("<title>Tiny survey</title>", text);
        Assert.Contains("sd_state__Intercept", text);
        Assert.Contains("exponential(1)", text);
        Assert.Contains("RMSE", text);
        Assert.Contains("Population (frame weights)</dt><dd>570</dd>", text);
        Assert.True(Regex.Matches(text, "<img ").Count >= 3, "estimates, effects and rank plots are embedded");
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", text, StringComparison.OrdinalIgnoreCase);
        var references = Regex.Matches(text, "(src|href)\\s*=\\s*\"([^\"]*)\"").Select(m => m.Groups[2].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(r.StartsWith('#') || r.StartsWith("data:image/png;base64,", StringComparison.Ordinal), r));
        Assert.DoesNotMatch("(src|href)\\s*=\\s*\"?https?:", text);
    }

    [Fact]
    public void TextFromDataIsEscaped()
    {
        var estimates = fit.File("est.csv",
            "by,state,estimate,sd,lower,upper,population\nstate,\"<b>A&B</b>\",0.4,0.1,0.3,0.5,10\nstate,\"O'Neil\"\"s\",0.5,0.1,0.4,0.6,20\n(all),,0.45,0.1,0.4,0.5,30\n");
        var html = fit.Output("escaped.html");
        var (exit, _, error) = CliRunner.Run("report", fit.MlFolder, "--estimates", estimates, "--note", "<script>alert('x')</script> & more", "--out", html);
        Assert.True(exit == 0, error);
        var text = File.ReadAllText(html);
        Assert.Contains("&lt;b&gt;A&amp;B&lt;/b&gt;", text);
        Assert.Contains("O&#39;Neil&quot;s", text);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more", text);
        Assert.DoesNotContain("<b>A", text);
        Assert.DoesNotContain("<script", text);
    }

    [Fact]
    public void MlReportShowsCoefficientsAndNoPriors()
    {
        var html = fit.Output("ml.html");
        var (exit, _, error) = CliRunner.Run("report", fit.MlFolder, "--out", html);
        Assert.True(exit == 0, error);
        var text = File.ReadAllText(html);
        Assert.Contains("Coefficients (Wald statistics", text);
        Assert.Contains("<td>b_male</td>", text);
        Assert.Contains("Maximum likelihood uses no priors.", text);
        Assert.Contains("No estimates given", text);
        Assert.Contains("No comparison given", text);
        foreach (var id in FitReport.SectionIds)
        {
            Assert.Contains($"<section id=\"{id}\">", text);
        }
    }

    [Fact]
    public void SingularMlFitsAreFlaggedInDiagnosticsAndAtAGlance()
    {
        var overview = new FitOverview
        {
            Directory = "fit",
            Formula = "y ~ x + (1|g)",
            Family = "bernoulli",
            Link = "logit",
            Method = "ml",
            Version = "test",
            DataSource = "data.csv",
            RowsUsed = 10,
            RowsDropped = 2,
            Cells = 4,
            Aggregated = true,
            Shape = new MisterP.Design.ModelShape(MisterP.Families.Family.Binomial, MisterP.Families.Link.Logit, ["Intercept", "x"],
                [new MisterP.Design.GroupShape("g", ["a", "b"], ["Intercept"], false)], false),
            Outcome = "y",
            Coefficients = [new MisterP.Inference.Classical.CoefficientRow("b_x", 0.5, 0.1, 5, 1e-6, 0.3, 0.7)],
            Singular = true,
        };
        var html = HtmlReport.Render(FitReport.Build(overview, new ReportOptions()));
        Assert.Contains("Singular fit: some group sd is estimated at zero", html);
        Assert.Contains("<dt>Diagnostics</dt><dd>1 warning(s)</dd>", html);
        Assert.Contains("<td>b_x</td><td class=\"num\">0.500</td>", html);
        Assert.Contains("<dt>Rows dropped (missing values)</dt><dd>2</dd>", html);
    }

    [Theory]
    [InlineData("--compare", "needs --estimates EST.csv as well")]
    [InlineData("--estimates", "does not exist")]
    public void BadInputExitsWith2AndWritesNothing(string option, string message)
    {
        var html = fit.Output("bad.html");
        var path = option == "--compare" ? fit.Comparison : fit.Output("missing.csv");
        var (exit, _, error) = CliRunner.Run("report", fit.Folder, option, path, "--out", html);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.False(File.Exists(html));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(html)!, "." + Path.GetFileName(html) + "*"));
    }

    [Fact]
    public void ReportNeedsAnHtmlNameAndAFitFolder()
    {
        var (exit, _, error) = CliRunner.Run("report", fit.Folder, "--out", fit.Output("report.pdf"));
        Assert.Equal(2, exit);
        Assert.Contains("name the output FILE.html", error);
        (exit, _, error) = CliRunner.Run("report", fit.Output("no-fit"), "--out", fit.Output("r.html"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public void RendererEscapesEveryBlockAndFoldsLongTables()
    {
        var rows = Enumerable.Range(0, HtmlReport.FoldRows + 1).Select(i => (IReadOnlyList<string>)[$"<zr{i}>", "1.5"]).ToList();
        var document = new ReportDocument("zT<1>", "S&", [
            new ReportSection("zs\"1", "zH<2>", [
                new ParagraphBlock("zp<", Tone.Warning),
                new ListBlock(["zl>"]),
                new FactsBlock([("zk<", "zv>")], Wide: true),
                new ColumnsBlock([new TableBlock("zc<", ["zh>"], [["x&"]])]),
                new FoldBlock("zf<", [new TableBlock("long", ["name", "value"], rows)]),
                new ImageBlock([1, 2, 3], 10, 20, "za\"b"),
            ]),
        ]);
        var html = HtmlReport.Render(document);
        foreach (var raw in new[] { "zT<1>", "zs\"1", "zH<2>", "zp<", "zl>", "zk<", "zv>", "zc<", "zh>", "zf<", "za\"b", "<zr0>" })
        {
            Assert.DoesNotContain(raw, html);
        }

        Assert.Contains("<title>zT&lt;1&gt;</title>", html);
        Assert.Contains("<p>S&amp;</p>", html);
        Assert.Contains("<td>x&amp;</td>", html);
        Assert.Contains("<section id=\"zs&quot;1\">", html);
        Assert.Contains($"<summary>long ({HtmlReport.FoldRows + 1} rows)</summary>", html);
        Assert.Contains("<td class=\"num\">1.5</td>", html);
        Assert.Contains("src=\"data:image/png;base64,AQID\"", html);
    }
}
