using MisterP.Data;
using MisterP.Simulation;
using Xunit;

namespace MisterP.Tests.Simulation;

public class NpsScenarioTests
{
    /// <summary>The opt-out survey over-represents the strata that recommend more, so its NPS is well above the customer base's.</summary>
    [Fact]
    public void SurveyOverstatesTheNetPromoterScore()
    {
        var scenario = NpsScenario.Simulate(seed: 11);
        var answers = ((NumericColumn)scenario.Survey["recommend"]).Values;
        Assert.All(answers, a => Assert.InRange(a, 0, 10));
        Assert.Equal(Enumerable.Range(0, 11).Select(k => (double)k), answers.Distinct().Order());
        var raw = 100.0 * (answers.Count(a => a >= 9) - answers.Count(a => a <= 6)) / answers.Length;
        var counts = ((NumericColumn)scenario.CustomerBase["n"]).Values;
        var nps = ((NumericColumn)scenario.CustomerBase["nps"]).Values;
        var truth = counts.Select((n, i) => n * nps[i]).Sum() / counts.Sum();
        Assert.True(raw - truth > 10, $"raw NPS {raw:F1} vs truth {truth:F1}");
        Assert.InRange(truth, -100, 100);
        Assert.Equal(answers, ((NumericColumn)NpsScenario.Simulate(seed: 11).Survey["recommend"]).Values);
    }
}
