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
