using MisterP.Data;
using MisterP.Inference;
using MisterP.Poststrat;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Poststrat;

public class FinitePopulationTests
{
    // Respondents per cell: CA 0.5: 2 (Σy 2), CA −0.5: 2 (Σy 0), TX 0.5: 2 (Σy 2), TX −0.5: 1 (Σy 1), NY −0.5: 1 (Σy 0), NY 0.5: 2 (Σy 1).
    private const string Survey = "y,state,male\n1,CA,0.5\n0,CA,-0.5\n1,TX,0.5\n1,TX,0.5\n0,NY,-0.5\n1,NY,0.5\n0,CA,-0.5\n1,TX,-0.5\n0,NY,0.5\n1,CA,0.5\n";

    // NY is fully observed (counts equal respondents); WA has nobody in the sample.
    private const string Frame = "state,male,n\nCA,0.5,5\nCA,-0.5,4\nTX,0.5,3\nTX,-0.5,1\nNY,-0.5,1\nNY,0.5,2\nWA,0.5,10\n";

    private static MrpFit Fit(TempFolder temp) =>
        Mrp.Fit(temp.File("s.csv", Survey), "y ~ male + (1|state)", new FitOptions { Method = FitMethod.Laplace, Sampler = new SamplerOptions { Chains = 1, Draws = 300, Seed = 4 } });

    private static PoststratOptions Options(PredictionKind kind = PredictionKind.Epred) =>
        new() { Weight = "n", By = [["state"], []], Kind = kind, FinitePopulation = true, KeepDraws = true, AllowNewLevels = true };

    [Fact]
    public void EpredCombinesObservedOutcomesWithPredictionsForTheRest()
    {
        using var temp = new TempFolder();
        var fit = Fit(temp);
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var result = fit.Poststratify(frame, Options());

        var names = fit.Draws!.ParameterNames.ToList();
        double[] All(string name) => fit.Draws.Parameter(names.IndexOf(name))[0];
        var (b0, b1, ca, tx) = (All("b_Intercept"), All("b_male"), All("r_state[CA,Intercept]"), All("r_state[TX,Intercept]"));
        double P(int s, double u, double male) => 1 / (1 + Math.Exp(-(b0[s] + b1[s] * male + u)));
        var expectedCa = Enumerable.Range(0, 300).Select(s => (2 + 3 * P(s, ca[s], 0.5) + 0 + 2 * P(s, ca[s], -0.5)) / 9).ToArray();
        var expectedTx = Enumerable.Range(0, 300).Select(s => (2 + 1 * P(s, tx[s], 0.5) + 1) / 4).ToArray();
        GroupEstimate State(string state) => result.Estimates.Single(e => e.By == "state" && e.Keys["state"] == state);
        Assert.Equal(expectedCa, State("CA").Draws!, (a, b) => Math.Abs(a - b) < 1e-14);
        Assert.Equal(expectedTx, State("TX").Draws!, (a, b) => Math.Abs(a - b) < 1e-14);
        Assert.All(State("NY").Draws!, v => Assert.Equal(1.0 / 3, v, 15));
        Assert.Equal(0, State("NY").Sd, 12);

        var plain = fit.Poststratify(frame, Options() with { FinitePopulation = false });
        Assert.NotEqual(plain.Estimates.Single(e => e.By == "state" && e.Keys["state"] == "CA").Estimate, State("CA").Estimate);
        // A cell without respondents is predicted as usual.
        Assert.Equal(plain.Estimates.Single(e => e.By == "state" && e.Keys["state"] == "WA").Draws!, State("WA").Draws!);
    }

    [Fact]
    public void PpsKeepsObservedOutcomesAndSimulatesOnlyTheRest()
    {
        using var temp = new TempFolder();
        var fit = Fit(temp);
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var result = fit.Poststratify(frame, Options(PredictionKind.Pps));
        GroupEstimate State(string state) => result.Estimates.Single(e => e.By == "state" && e.Keys["state"] == state);
        Assert.All(State("NY").Draws!, v => Assert.Equal(1.0 / 3, v, 15));
        // CA: 2 observed successes among 9 people, 5 of them simulated: every draw is (2 + k)/9 with k in 0…5.
        Assert.All(State("CA").Draws!, v =>
        {
            var k = v * 9 - 2;
            Assert.InRange(k, -1e-9, 5 + 1e-9);
            Assert.Equal(Math.Round(k), k, 9);
        });
    }

    [Fact]
    public void SavedFitReadsItsStoredCellsAndAgreesWithTheFitInMemory()
    {
        using var temp = new TempFolder();
        var fit = Fit(temp);
        var folder = Path.Combine(temp.Path, "fit");
        fit.Save(folder);
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var inMemory = fit.Poststratify(frame, Options());
        var saved = SavedFit.Load(folder).Poststratify(frame, Options());
        Assert.Equal(inMemory.Estimates.Select(e => e.Estimate), saved.Estimates.Select(e => e.Estimate));

        // The folder's stored cells are used, not the data: changing or deleting the data changes nothing.
        var data = Path.Combine(temp.Path, "s.csv");
        File.WriteAllText(data, Survey + "1,CA,0.5\n");
        Assert.Equal(inMemory.Estimates.Select(e => e.Estimate), SavedFit.Load(folder).Poststratify(frame, Options()).Estimates.Select(e => e.Estimate));

        // Data given again (--data) are checked against the fit; the recorded source is re-read only with --trust-fit.
        var given = SavedFit.Load(folder).WithDataAccess(new FitDataAccess { DataSpec = data });
        Assert.Contains("changed since fitting", Assert.Throws<UserInputException>(() => given.Poststratify(frame, Options())).Message);
        File.Delete(data);
        File.Delete(Path.Combine(folder, FitFiles.Cells));
        Assert.Contains("is missing", Assert.Throws<UserInputException>(() => SavedFit.Load(folder).Poststratify(frame, Options())).Message);
    }

    [Theory]
    [InlineData("state,male,n\nCA,0.5,1\nCA,-0.5,4\nTX,0.5,3\nTX,-0.5,1\nNY,-0.5,1\nNY,0.5,2\n", "counts 1 people but the fit has 2 respondents")]
    [InlineData("state,male,n\nCA,0.5,5\nCA,-0.5,4\nTX,0.5,3\nNY,-0.5,1\nNY,0.5,2\n", "1 respondent(s)")]
    [InlineData("state,male,n\nCA,0.5,5\nCA,-0.5,4\nTX,0.5,3\nTX,-0.5,1\nNY,-0.5,1\nNY,0.5,2\nCA,0.5,7\n", "Frame rows 1 and 7")]
    public void FramesThatCannotHoldTheRespondentsAreErrors(string frameText, string message)
    {
        using var temp = new TempFolder();
        var fit = Fit(temp);
        using var frame = TableSources.Open(temp.File("f.csv", frameText));
        Assert.Contains(message, Assert.Throws<UserInputException>(() => fit.Poststratify(frame, Options())).Message);
    }
}
