using System.Text.Json;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Workflow;

public class DemoTests
{
    [Fact]
    public void SaasDemoCorrectsTheOptOutBias()
    {
        using var temp = new TempFolder();
        var result = DemoPipeline.Run(DemoScenarios.Saas, new DemoOptions { OutputDirectory = Path.Combine(temp.Path, "demo"), Warmup = 300, Draws = 300, Chains = 2, TargetAccept = 0.8 });
        var overall = result.Overall;
        Assert.True(Math.Abs(overall.Mrp - overall.Truth) < Math.Abs(overall.Raw - overall.Truth) / 3,
            $"raw {overall.Raw:F3}, MRP {overall.Mrp:F3}, truth {overall.Truth:F3}");
        Assert.True(result.Accuracy.ShareMrpBeatsRaw > 0.8, $"MRP closer in {result.Accuracy.ShareMrpBeatsRaw:P0} of groups");
        Assert.Equal(["plan", "region", "size", "tenure"], result.Groups.Select(g => g.By.Single()));
        Assert.True(File.Exists(result.Artifacts.EstimatesPath));
        Assert.True(File.Exists(Path.Combine(result.Artifacts.MultilevelFit, "draws.csv")));
    }

    [Fact]
    public void StatesDemoCorrectsTheOptOutBiasNationallyAndInMostStates()
    {
        using var temp = new TempFolder();
        // A cheap configuration (Stan's default target acceptance, short chains): accuracy, not diagnostics, is tested here.
        var options = new DemoOptions { OutputDirectory = Path.Combine(temp.Path, "demo"), Warmup = 150, Draws = 100, Chains = 2, TargetAccept = 0.8 };
        var result = DemoPipeline.Run(DemoScenarios.States, options);
        var overall = result.Overall;
        // The opt-out poll overstates support by several points; post-stratification must remove most of that.
        Assert.True(overall.Raw - overall.Truth > 0.03, $"raw {overall.Raw:F3} vs truth {overall.Truth:F3}: the poll should be clearly biased");
        Assert.True(Math.Abs(overall.Mrp - overall.Truth) < Math.Abs(overall.Raw - overall.Truth) / 3,
            $"raw {overall.Raw:F3}, MRP {overall.Mrp:F3}, truth {overall.Truth:F3}");
        var states = result.Groups.Single();
        Assert.Equal(["state"], states.By);
        Assert.Equal(50, states.Rows.Count);
        Assert.True(states.Summary.ShareMrpBeatsRaw > 0.7, $"MRP closer in {states.Summary.ShareMrpBeatsRaw:P0} of states");
        var raw = states.Summary.Accuracy.Single(a => a.Estimator == "raw");
        var mrp = states.Summary.Accuracy.Single(a => a.Estimator == "mrp");
        Assert.True(mrp.Rmse < raw.Rmse / 2, $"state RMSE: MRP {mrp.Rmse:F3}, raw {raw.Rmse:F3}");
    }

    [Fact]
    public void ArtifactsNameTheFinalFolderCarryTheCaveatAndAreDeterministic()
    {
        using var temp = new TempFolder();
        var root = Path.Combine(temp.Path, "demo");
        var options = new DemoOptions { OutputDirectory = root, Warmup = 60, Draws = 40, Chains = 2, TargetAccept = 0.8, Threads = 1 };
        var result = DemoPipeline.Run(DemoScenarios.Saas, options);
        var artifacts = result.Artifacts;
        Assert.Equal(Path.GetFullPath(root), artifacts.Root);
        Assert.Contains(artifacts.Notes, n => n.Contains("beyond any reweighting", StringComparison.Ordinal));
        Assert.Equal(5, artifacts.ComparisonPaths.Count);
        Assert.Empty(artifacts.ComparisonPaths[0].By);
        foreach (var (_, path) in artifacts.ComparisonPaths)
        {
            Assert.EndsWith("mrp,mrp_lower,mrp_upper,truth", File.ReadLines(path).First(), StringComparison.Ordinal);
        }

        // The fit records its data where it is after the temporary folder was moved into place.
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts.MultilevelFit, "model.json")));
        var source = model.RootElement.GetProperty("data").GetProperty("source").GetString()!;
        Assert.Equal(artifacts.SamplePath, source);
        Assert.True(File.Exists(source));

        // The report is one file naming the final fit folder, with the caveat and the figures inline.
        var report = File.ReadAllText(artifacts.ReportPath);
        Assert.Contains("beyond any reweighting", report, StringComparison.Ordinal);
        Assert.Contains(artifacts.MultilevelFit, report, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp-", report, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", report, StringComparison.Ordinal);
        Assert.All(new[] { "plan", "region", "size", "tenure" }, set => Assert.True(File.Exists(Path.Combine(artifacts.Root, $"estimates_{set}.png"))));

        // Running again replaces the demo's own folder, with the same numbers whatever the thread count.
        var estimates = File.ReadAllText(artifacts.EstimatesPath);
        DemoPipeline.Run(DemoScenarios.Saas, options with { Threads = 2 });
        Assert.Equal(estimates, File.ReadAllText(artifacts.EstimatesPath));

        // An unrelated folder is never replaced.
        var unrelated = Directory.CreateDirectory(Path.Combine(temp.Path, "mine")).FullName;
        File.WriteAllText(Path.Combine(unrelated, "notes.txt"), "keep");
        var error = Assert.Throws<UserInputException>(() => DemoPipeline.Run(DemoScenarios.Saas, new DemoOptions { OutputDirectory = unrelated }));
        Assert.Contains("choose another --out", error.Message);
        Assert.True(File.Exists(Path.Combine(unrelated, "notes.txt")));
    }

    [Fact]
    public void NpsDemoCorrectsTheOptOutBiasOfTheNetPromoterScore()
    {
        using var temp = new TempFolder();
        // Short chains: accuracy, not diagnostics, is tested here.
        var options = new DemoOptions { OutputDirectory = Path.Combine(temp.Path, "demo"), Warmup = 150, Draws = 100, Chains = 2, TargetAccept = 0.8 };
        var result = DemoPipeline.Run(DemoScenarios.Nps, options);
        var overall = result.Overall;
        // The opt-out survey overstates the NPS by many points; post-stratifying the ordinal model must remove most of it.
        Assert.True(overall.Raw - overall.Truth > 10, $"raw NPS {overall.Raw:F1} vs truth {overall.Truth:F1}: the survey should be clearly biased");
        Assert.True(Math.Abs(overall.Mrp - overall.Truth) < Math.Abs(overall.Raw - overall.Truth) / 3,
            $"raw {overall.Raw:F1}, MRP {overall.Mrp:F1}, truth {overall.Truth:F1}");
        Assert.True(overall.MrpLower >= -100 && overall.MrpUpper <= 100 && overall.MrpLower < overall.Mrp && overall.Mrp < overall.MrpUpper);
        Assert.True(result.Accuracy.ShareMrpBeatsRaw > 0.8, $"MRP closer in {result.Accuracy.ShareMrpBeatsRaw:P0} of groups");
        Assert.Equal(["plan", "region", "size", "tenure"], result.Groups.Select(g => g.By.Single()));

        // Both fits are ordinal (the exploratory one by clmm-style maximum likelihood), and the files are mrp compare's per-quantity CMP.csv.
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Artifacts.MultilevelFit, "model.json")));
        Assert.Equal("cumulative", model.RootElement.GetProperty("family").GetString());
        Assert.Contains("b_Intercept[10]", File.ReadAllText(Path.Combine(result.Artifacts.ExploratoryFit, "summary.csv")));
        var plan = result.Artifacts.ComparisonPaths.Single(c => c.By.SequenceEqual(["plan"])).Path;
        var lines = File.ReadAllLines(plan);
        Assert.Equal("plan,quantity,category,raw,raw_n,mrp,mrp_lower,mrp_upper,truth", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Contains(",nps,,", l));

        // The figures and the report show the NPS rows (not the mean score), joined with the comparison.
        var shown = MisterP.Plots.GroupResults.Load(result.Artifacts.EstimatesPath, plan);
        Assert.Equal("nps", shown.Quantity);
        var planRows = result.Groups.Single(g => g.By.SequenceEqual(["plan"])).Rows;
        foreach (var g in shown.Groups)
        {
            var row = planRows.Single(r => r.Key.SequenceEqual(g.Key));
            Assert.Equal(row.Mrp, g.Estimate, 10);
            Assert.Equal(row.Truth, g.Truth, 10);
        }

        Assert.Equal(overall.Mrp, shown.National!.Estimate, 10);
    }

    [Fact]
    public void UnknownScenarioSaysWhichExist()
    {
        var error = Assert.Throws<UserInputException>(() => DemoScenarios.Named("mars"));
        Assert.Contains("saas", error.Message);
        Assert.Contains("states", error.Message);
        Assert.Contains("waves", error.Message);
        Assert.Same(DemoScenarios.States, DemoScenarios.Named(" States "));
    }
}
