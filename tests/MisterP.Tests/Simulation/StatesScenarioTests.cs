using MisterP.Data;
using MisterP.Output;
using MisterP.Simulation;
using Xunit;

namespace MisterP.Tests.Simulation;

public class StatesScenarioTests
{
    [Fact]
    public void PopulationLooksLikeTheStates()
    {
        var population = StatesScenario.Population(seed: 2026);
        var state = ((TextColumn)population["state"]).Values;
        var eth = ((TextColumn)population["eth"]).Values;
        var n = ((NumericColumn)population["n"]).Values;
        Assert.Equal(12_000, population.RowCount);
        Assert.Equal(50, state.Distinct().Count());
        Assert.All(n, count => Assert.True(count >= 0 && count == Math.Round(count)));
        Assert.InRange(n.Sum(), 230e6, 270e6);

        double Adults(Func<int, bool> where) => Enumerable.Range(0, n.Length).Where(where).Sum(i => n[i]);
        var byState = state.Distinct().ToDictionary(s => s, s => Adults(i => state[i] == s));
        Assert.Equal("CA", byState.MaxBy(kv => kv.Value).Key);
        Assert.Equal("WY", byState.MinBy(kv => kv.Value).Key);
        // Noise is per cell, not per state: state totals stay within a few percent of the public figures.
        Assert.InRange(byState["TX"] / 21_060e3, 0.95, 1.05);
        Assert.InRange(Adults(i => state[i] == "HI" && eth[i] == "Other") / byState["HI"], 0.6, 0.72);
        Assert.InRange(Adults(i => state[i] == "MS" && eth[i] == "Black") / byState["MS"], 0.32, 0.42);
    }

    [Fact]
    public void SamePopulationFromTheSameSeed()
    {
        Assert.Equal(((NumericColumn)StatesScenario.Population(5)["n"]).Values, ((NumericColumn)StatesScenario.Population(5)["n"]).Values);
        Assert.NotEqual(((NumericColumn)StatesScenario.Population(5)["n"]).Values, ((NumericColumn)StatesScenario.Population(6)["n"]).Values);
    }

    [Fact]
    public void OptOutPollIsBiasedLikeTheCcesBiasedSample()
    {
        using var temp = new TempFolder();
        var framePath = Path.Combine(temp.Path, "population.csv");
        var predictorsPath = Path.Combine(temp.Path, "state_predictors.csv");
        TableCsv.Write(framePath, StatesScenario.Population(2026));
        TableCsv.Write(predictorsPath, StatesScenario.StatePredictors());
        using var frame = TableSources.Open(framePath, [new JoinSpec(predictorsPath, ["state"])]);
        var survey = SurveySimulator.Simulate(frame, StatesScenario.Survey(2026));

        var sample = survey.Sample;
        var male = ((NumericColumn)sample["male"]).Values;
        var age = ((TextColumn)sample["age"]).Values;
        var y = ((NumericColumn)sample[StatesScenario.Outcome]).Values;
        Assert.Equal(StatesScenario.SampleSize, sample.RowCount);
        // The case study's biased CCES sample: 75% men (population 48%), a fifth aged 70+.
        Assert.InRange(male.Count(m => m > 0) / (double)male.Length, 0.7, 0.8);
        Assert.InRange(age.Count(a => a == "70+") / (double)age.Length, 0.15, 0.3);
        Assert.Equal(50, ((TextColumn)sample["state"]).Values.Distinct().Count());

        var truth = survey.Truth!;
        var national = ((NumericColumn)truth["truth"]).Values[^1];
        Assert.Equal("(all)", ((TextColumn)truth["by"]).Values[^1]);
        Assert.InRange(national, 0.38, 0.5);
        Assert.True(y.Average() - national > 0.03, $"raw {y.Average():F3} vs truth {national:F3}");
    }
}
