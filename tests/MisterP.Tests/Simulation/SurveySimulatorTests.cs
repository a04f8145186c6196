using MisterP.Data;
using MisterP.Simulation;
using Xunit;

namespace MisterP.Tests.Simulation;

public class SurveySimulatorTests
{
    private const string Frame = "state,male,n\nCA,0.5,1000\nCA,-0.5,1000\nTX,0.5,500\nTX,-0.5,500\nNY,0.5,10\nNY,-0.5,0\n";

    [Fact]
    public void SelectionFollowsCountsTimesPropensity()
    {
        using var temp = new TempFolder();
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var result = SurveySimulator.Simulate(frame, new SimulationOptions { Weight = "n", Size = 20000, Seed = 3, Select = "1 + 3 * (male > 0)::INT" });
        var male = ((NumericColumn)result.Sample["male"]).Values;
        var state = ((TextColumn)result.Sample["state"]).Values;
        // Men are 4× as likely to answer: expected share 4/5 among CA/TX (NY is negligible).
        Assert.InRange(male.Count(m => m > 0) / 20000.0, 0.79, 0.81);
        Assert.DoesNotContain(state.Select((s, i) => (s, male[i])), x => x.s == "NY" && x.Item2 < 0);
        Assert.Null(result.Truth);
    }

    [Fact]
    public void OutcomesAndTruthFromAKnownModel()
    {
        using var temp = new TempFolder();
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var options = new SimulationOptions
        {
            Weight = "n",
            Size = 5000,
            Seed = 4,
            TruthFormula = "y ~ male + (1|state)",
            Effects = SurveySimulator.ParseEffects("b_Intercept=0.2, b_male=1.0, sd_state=0.5"),
            By = [["state"], []],
        };
        var result = SurveySimulator.Simulate(frame, options);
        var truth = result.Truth!;
        var overall = ((NumericColumn)truth["truth"]).Values[^1];
        var y = ((NumericColumn)result.Sample["y"]).Values;
        Assert.InRange(overall, 0.3, 0.9);
        Assert.Equal(["state", "state", "state", "(all)"], ((TextColumn)truth["by"]).Values);
        Assert.InRange(y.Average(), 0.2, 0.95);
        var again = SurveySimulator.Simulate(frame, options);
        Assert.Equal(y, ((NumericColumn)again.Sample["y"]).Values);
        Assert.Contains("b_male", Assert.Throws<UserInputException>(() => SurveySimulator.Simulate(frame, options with { Effects = SurveySimulator.ParseEffects("b_Intercept=0,sd_state=1") })).Message);
    }

    /// <summary>
    /// Ordinal outcomes from a known cumulative logit: with the state effects stated, the truth is exact (the category
    /// probabilities σ(c_k − η) − σ(c_{k−1} − η), population-weighted), and the sample's answers follow it.
    /// </summary>
    [Fact]
    public void OrdinalOutcomesFromAKnownCumulativeModel()
    {
        using var temp = new TempFolder();
        using var frame = TableSources.Open(temp.File("f.csv", "state,male,n\nCA,0.5,1000\nCA,-0.5,1000\nTX,0.5,500\nTX,-0.5,500\n"));
        var options = new SimulationOptions
        {
            Weight = "n",
            Size = 20000,
            Seed = 5,
            TruthFormula = "rating ~ male + (1|state)",
            Family = MisterP.Families.Family.Cumulative,
            Effects = SurveySimulator.ParseEffects("b_Intercept[1]=-1, b_Intercept[2]=0.5, b_male=1.0, sd_state=0.5, r_state[CA]=0.3, r_state[TX]=-0.3"),
            By = [["state"], []],
        };
        var result = SurveySimulator.Simulate(frame, options);
        var truth = result.Truth!;
        Assert.Equal(["by", "state", "p_1", "p_2", "p_3", "mean", "population"], truth.Columns.Select(c => c.Name));
        static double Sigma(double x) => 1 / (1 + Math.Exp(-x));
        // CA: η = ±0.5 + 0.3, equal counts.
        var p1 = 0.5 * (Sigma(-1 - 0.8) + Sigma(-1 + 0.2));
        var p3 = 0.5 * (1 - Sigma(0.5 - 0.8) + 1 - Sigma(0.5 + 0.2));
        Assert.Equal(p1, ((NumericColumn)truth["p_1"]).Values[0], 12);
        Assert.Equal(p3, ((NumericColumn)truth["p_3"]).Values[0], 12);
        Assert.Equal(1 * p1 + 2 * (1 - p1 - p3) + 3 * p3, ((NumericColumn)truth["mean"]).Values[0], 12);

        // The whole sample's answers: every share within 4 binomial sds of the population's (selection is by counts only).
        var answers = ((NumericColumn)result.Sample["rating"]).Values;
        Assert.All(answers, a => Assert.Contains(a, new[] { 1.0, 2, 3 }));
        for (var k = 1; k <= 3; k++)
        {
            var expected = ((NumericColumn)truth[$"p_{k}"]).Values[^1];
            var observed = answers.Count(a => a == k) / (double)answers.Length;
            Assert.True(Math.Abs(observed - expected) < 4 * Math.Sqrt(expected * (1 - expected) / answers.Length), $"category {k}: {observed} vs {expected}");
        }

        var missing = Assert.Throws<UserInputException>(() => SurveySimulator.Simulate(frame, options with { Effects = SurveySimulator.ParseEffects("b_Intercept[2]=1, b_male=1, sd_state=1") }));
        Assert.Contains("b_Intercept[1]", missing.Message);
        var unordered = Assert.Throws<UserInputException>(() => SurveySimulator.Simulate(frame, options with { Effects = SurveySimulator.ParseEffects("b_Intercept[1]=1, b_Intercept[2]=0, b_male=1, sd_state=1") }));
        Assert.Contains("must be larger", unordered.Message);
    }

    [Fact]
    public void StatedGroupEffectsReplaceDrawsAndTruthIsExact()
    {
        using var temp = new TempFolder();
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var options = new SimulationOptions
        {
            Weight = "n",
            Size = 100,
            Seed = 9,
            TruthFormula = "y ~ male + (1|state)",
            Effects = SurveySimulator.ParseEffects("b_Intercept=0.2, b_male=1.0, sd_state=0.5, r_state[CA]=0.7, r_state[TX,Intercept]=-0.4"),
            By = [["state"]],
        };
        var truth = SurveySimulator.Simulate(frame, options).Truth!;
        var states = ((TextColumn)truth["state"]).Values;
        var values = ((NumericColumn)truth["truth"]).Values;
        static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
        // Men and women are equally many in CA and TX: the truth is the mean of the two cells' probabilities.
        Assert.Equal((Logistic(0.2 + 0.5 + 0.7) + Logistic(0.2 - 0.5 + 0.7)) / 2, values[Array.IndexOf(states, "CA")], 12);
        Assert.Equal((Logistic(0.2 + 0.5 - 0.4) + Logistic(0.2 - 0.5 - 0.4)) / 2, values[Array.IndexOf(states, "TX")], 12);

        // Stating one level's effect leaves the other levels' draws as they were.
        var drawn = SurveySimulator.Simulate(frame, options with { Effects = SurveySimulator.ParseEffects("b_Intercept=0.2, b_male=1.0, sd_state=0.5") }).Truth!;
        var ny = Array.IndexOf(states, "NY");
        Assert.Equal(((NumericColumn)drawn["truth"]).Values[ny], values[ny], 15);
    }
}
