using MisterP.Simulation;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Workflow;

/// <summary><c>mrp demo --scenario waves</c> (issue 14 item 3), on short chains: accuracy and the series' shape, not diagnostics.</summary>
public class WavesDemoTests
{
    [Fact]
    public void WavesDemoFollowsTheDipAndNowcastsTheMonthWithoutRespondents()
    {
        using var temp = new TempFolder();
        var options = new DemoOptions { OutputDirectory = Path.Combine(temp.Path, "demo"), Warmup = 150, Draws = 100, Chains = 2, TargetAccept = 0.8 };
        var result = DemoPipeline.Run(DemoScenarios.Named("waves"), options);
        var months = result.Groups.First();
        Assert.Equal(["month"], months.By);
        var rows = months.Rows;
        Assert.Equal(Enumerable.Range(1, WavesScenario.Waves + 1).Select(WavesScenario.Month), rows.Select(r => r.Key.Single()));

        // Month 25 has nobody in the survey: no raw mean, but an estimate from the model with its interval.
        var nowcast = rows[^1];
        Assert.Equal(0, nowcast.RawCount);
        Assert.True(double.IsNaN(nowcast.Raw));
        Assert.True(nowcast.MrpLower < nowcast.Mrp && nowcast.Mrp < nowcast.MrpUpper);

        // The dip (months 15–17 against the three months before) is real, and MRP must show it clearly. With rw1(month)
        // the drop comes out at about half the truth's (−0.069 against −0.135 on these short chains, −0.066 with the
        // shipped defaults: the months just before the dip are estimated a little low); 0.4 of the depth is the bar,
        // tighter than the third the iid model was held to. (The dip's first month, 2025-03, has its truth just below the
        // 90% interval, by 0.003–0.004 with these chains and the shipped defaults alike: reported in the README, not tested.)
        double Drop(Func<MisterP.Compare.GroupComparison, double> value) =>
            rows.Skip(WavesScenario.DipFirst - 1).Take(3).Average(value) - rows.Skip(WavesScenario.DipFirst - 4).Take(3).Average(value);
        var truthDrop = Drop(r => r.Truth);
        Assert.True(truthDrop < -0.08, $"the simulated dip is {truthDrop:F3}");
        Assert.True(Drop(r => r.Mrp) < 0.4 * truthDrop, $"MRP drop {Drop(r => r.Mrp):F3} against the truth's {truthDrop:F3}");

        // The nowcast is a forecast from the walk: its interval is wider than the last observed month's.
        Assert.True(nowcast.MrpUpper - nowcast.MrpLower > rows[^2].MrpUpper - rows[^2].MrpLower);

        var raw = months.Summary.Accuracy.Single(a => a.Estimator == "raw");
        var mrp = months.Summary.Accuracy.Single(a => a.Estimator == "mrp");
        Assert.True(mrp.Rmse < raw.Rmse / 2, $"monthly RMSE: MRP {mrp.Rmse:F3}, raw {raw.Rmse:F3}");
        Assert.Equal(["month", "plan"], result.Groups.Last().By);
        Assert.Equal(4 * (WavesScenario.Waves + 1), result.Groups.Last().Rows.Count);

        foreach (var figure in new[] { "estimates_month.png", "estimates_month_plan.png" })
        {
            Assert.True(new FileInfo(Path.Combine(result.OutputDirectory, figure)).Length > 10_000, figure);
        }

        Assert.Contains("MRP estimates by month in time order", File.ReadAllText(result.Artifacts.ReportPath));
    }
}
