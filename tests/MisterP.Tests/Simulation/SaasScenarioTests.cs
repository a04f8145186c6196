using MisterP.Data;
using MisterP.Simulation;
using Xunit;

namespace MisterP.Tests.Simulation;

public class SaasScenarioTests
{
    [Fact]
    public void SurveyIsBiasedTowardsSatisfiedStrata()
    {
        var scenario = SaasScenario.Simulate();
        var satisfied = ((NumericColumn)scenario.Survey["satisfied"]).Values;
        var rawMean = satisfied.Average();
        var customers = ((NumericColumn)scenario.CustomerBase["n"]).Values.Sum();

        Assert.InRange(customers, 50_000, 70_000);
        Assert.InRange(scenario.Survey.RowCount, 1_000, 5_000);
        // The opt-out pattern must make the raw mean overstate satisfaction clearly (what the demo corrects).
        Assert.True(rawMean - scenario.TruthOverall > 0.05, $"raw {rawMean:F3} vs truth {scenario.TruthOverall:F3}");
    }

    [Fact]
    public void SameSeedGivesSameScenario()
    {
        var a = SaasScenario.Simulate(seed: 7);
        var b = SaasScenario.Simulate(seed: 7);
        Assert.Equal(((NumericColumn)a.CustomerBase["n"]).Values, ((NumericColumn)b.CustomerBase["n"]).Values);
        Assert.Equal(((NumericColumn)a.Survey["satisfied"]).Values, ((NumericColumn)b.Survey["satisfied"]).Values);
    }
}
