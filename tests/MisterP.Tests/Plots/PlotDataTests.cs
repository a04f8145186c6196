using MisterP.Plots;
using MisterP.Posterior;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Plots;

[Collection(TinyFitCollection.Name)]
public class PlotDataTests(TinyFit fit)
{
    [Fact]
    public void ReplicatedGroupMeansMatchThePosteriorOfTheGroupShare()
    {
        var saved = SavedFit.Load(fit.Folder);
        var design = FitData.Load(saved, "This test").Design;
        var check = PredictiveCheck.Compute(design, saved.Draws!, "state", 0.9, seed: 11);
        var draws = saved.Draws!;
        var names = draws.ParameterNames.ToList();
        double[] All(string name) => draws.Parameter(names.IndexOf(name)).SelectMany(c => c).ToArray();
        var b0 = All("b_Intercept");
        var b1 = All("b_male");
        Assert.Equal(["CA", "NY", "TX", "WA"], check.Groups.Select(g => g.Level));
        foreach (var group in check.Groups)
        {
            var u = All($"r_state[{group.Level},Intercept]");
            // Trials per male value in this state, from the data: the fixture puts male = 0.5 on every third row.
            var rows = File.ReadLines(fit.Survey).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == group.Level).ToList();
            var men = rows.Count(f => f[2] == "0.5");
            var n = rows.Count;
            Assert.Equal(n, group.Units);
            Assert.Equal(rows.Average(f => double.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture)), group.Observed, 12);
            var p1 = Enumerable.Range(0, b0.Length).Select(s => Logistic(b0[s] + 0.5 * b1[s] + u[s])).ToArray();
            var p0 = Enumerable.Range(0, b0.Length).Select(s => Logistic(b0[s] - 0.5 * b1[s] + u[s])).ToArray();
            var shares = Enumerable.Range(0, b0.Length).Select(s => (men * p1[s] + (n - men) * p0[s]) / n).ToArray();
            // Given the draws, a replicated mean differs from the share only by binomial noise, of variance
            // Σ_cells n·p(1 − p) / n² per draw; averaged over S independent draws.
            var noise = Enumerable.Range(0, b0.Length).Select(s => (men * p1[s] * (1 - p1[s]) + (n - men) * p0[s] * (1 - p0[s])) / (n * (double)n)).Average();
            var mcError = Math.Sqrt(noise / shares.Length);
            Assert.InRange(group.ReplicatedMean, shares.Average() - 4 * mcError, shares.Average() + 4 * mcError);
            Assert.True(group.Lower < group.ReplicatedMean && group.ReplicatedMean < group.Upper);
        }

        var again = PredictiveCheck.Compute(design, saved.Draws!, "state", 0.9, seed: 11);
        Assert.Equal(check.Groups, again.Groups);
        // The whole data (80 trials) has the smallest Monte Carlo error: the sharpest check of the replications' mean.
        var everyone = Assert.Single(PredictiveCheck.Compute(design, saved.Draws!, "", 0.9, seed: 11).Groups);
        Assert.Equal(80, everyone.Units);
        var cells = File.ReadLines(fit.Survey).Skip(1).Select(l => l.Split(',')).GroupBy(f => (f[1], f[2])).Select(g => (State: g.Key.Item1, Male: double.Parse(g.Key.Item2, System.Globalization.CultureInfo.InvariantCulture), N: g.Count())).ToList();
        var probabilities = cells.Select(c =>
        {
            var u = All($"r_state[{c.State},Intercept]");
            return Enumerable.Range(0, b0.Length).Select(s => Logistic(b0[s] + c.Male * b1[s] + u[s])).ToArray();
        }).ToList();
        var share = Enumerable.Range(0, b0.Length).Select(s => cells.Select((c, k) => c.N * probabilities[k][s]).Sum() / 80).Average();
        var variance = Enumerable.Range(0, b0.Length).Select(s => cells.Select((c, k) => c.N * probabilities[k][s] * (1 - probabilities[k][s])).Sum() / (80.0 * 80)).Average();
        var error = Math.Sqrt(variance / b0.Length);
        Assert.InRange(everyone.ReplicatedMean, share - 4 * error, share + 4 * error);
    }

    [Fact]
    public void RankBinsSeparateAChainThatSitsLow()
    {
        var low = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var high = Enumerable.Range(100, 100).Select(i => (double)i).ToArray();
        var counts = RankPlot.BinnedRanks([low, high], 10);
        Assert.Equal([20, 20, 20, 20, 20, 0, 0, 0, 0, 0], counts[0]);
        Assert.Equal([0, 0, 0, 0, 0, 20, 20, 20, 20, 20], counts[1]);

        var mixed = RankPlot.BinnedRanks([Enumerable.Range(0, 100).Select(i => 2.0 * i).ToArray(), Enumerable.Range(0, 100).Select(i => 2.0 * i + 1).ToArray()], 10);
        Assert.All(mixed, chain => Assert.All(chain, c => Assert.Equal(10, c)));
    }

    [Fact]
    public void LongRowListsKeepTheirExtremes()
    {
        var (kept, leftOut) = RowLimit.Extremes(Enumerable.Range(0, 10).ToList(), 4);
        Assert.Equal([0, 1, 8, 9], kept);
        Assert.Equal(6, leftOut);
        Assert.Equal(" (highest and lowest 2 of 10; 6 not shown)", RowLimit.Note(kept.Count, leftOut));
        Assert.Equal(3, RowLimit.Extremes([1, 2, 3], 4).Kept.Count);
    }

    [Fact]
    public void ParameterListsSplitOutsideBrackets()
    {
        Assert.Equal(["b_male", "r_state[AL,Intercept]", "sd_state__Intercept"], ParameterChoice.SplitList(" b_male, r_state[AL,Intercept],sd_state__Intercept ,"));
    }

    [Fact]
    public void DefaultParametersArePopulationLevelAndCapped()
    {
        var names = Enumerable.Range(0, 15).Select(i => $"b_x{i}").Concat(["sd_g__Intercept", "r_g[a,Intercept]"]).ToList();
        var draws = new PosteriorDraws(names, [new double[names.Count * 4]], [], [[]], 4);
        var (indices, leftOut) = ParameterChoice.Resolve(draws, null);
        Assert.Equal(Enumerable.Range(0, ParameterChoice.DefaultCap), indices);
        Assert.Equal(16 - ParameterChoice.DefaultCap, leftOut);
        Assert.Equal([16], ParameterChoice.Resolve(draws, ["r_g[a,Intercept]"]).Indices);
    }

    [Fact]
    public void EstimatesJoinTheComparisonByGroup()
    {
        var results = GroupResults.Load(fit.Estimates, fit.Comparison);
        Assert.Equal("state", results.Set);
        Assert.Equal(["state", "(all)"], results.Sets);
        Assert.Equal(4, results.Groups.Count);
        Assert.Equal(570, results.National!.Population);
        var ca = results.Groups.Single(g => g.Label == "CA");
        Assert.Equal(20, ca.RawCount);
        Assert.Equal(0.45, ca.Truth);
        Assert.True(ca.Lower < ca.Estimate && ca.Estimate < ca.Upper);
        Assert.Equal(4, results.Comparison!.Count);

        var national = GroupResults.Load(fit.Estimates, null, "");
        Assert.Equal("(all)", national.Set);
        Assert.Single(national.Groups);
    }

    [Fact]
    public void EstimatesFileErrorsSayWhatToDo()
    {
        var several = fit.File("est.csv", "by,state,age,estimate,sd,lower,upper,population\nstate,CA,,0.4,0.1,0.3,0.5,10\nage,,18-29,0.5,0.1,0.4,0.6,10\n");
        var error = Assert.Throws<UserInputException>(() => GroupResults.Load(several));
        Assert.Contains("several grouping sets ('state', 'age'); choose one with --by", error.Message);
        error = Assert.Throws<UserInputException>(() => GroupResults.Load(several, null, "educ"));
        Assert.Contains("no grouping set 'educ'", error.Message);
        error = Assert.Throws<UserInputException>(() => GroupResults.Load(several, fit.Comparison, "age"));
        Assert.Contains("compares by state but the estimates shown are by age", error.Message);

        var notEst = fit.File("other.csv", "state,value\nCA,1\n");
        error = Assert.Throws<UserInputException>(() => GroupResults.Load(notEst));
        Assert.Contains("is not an EST.csv written by mrp poststrat: it has no column(s) 'by', 'estimate'", error.Message);

        var badNumber = fit.File("bad.csv", "by,state,estimate,sd,lower,upper,population\nstate,CA,abc,0.1,0.3,0.5,10\n");
        error = Assert.Throws<UserInputException>(() => GroupResults.Load(badNumber));
        Assert.Contains("line 2, column 3: 'abc' is not a number", error.Message);
    }

    [Fact]
    public void PredictivePValueIsTheShareOfReplicationsAtOrAboveTheObservedWithTiesHalf()
    {
        var saved = SavedFit.Load(fit.Folder);
        var design = FitData.Load(saved, "This test").Design;
        var check = PredictiveCheck.Compute(design, saved.Draws!, "state", 0.9, seed: 7);
        var draws = saved.Draws!;
        var names = draws.ParameterNames.ToList();
        double[] All(string name) => draws.Parameter(names.IndexOf(name)).SelectMany(c => c).ToArray();
        var (b0, b1) = (All("b_Intercept"), All("b_male"));
        foreach (var group in check.Groups)
        {
            var u = All($"r_state[{group.Level},Intercept]");
            var rows = File.ReadLines(fit.Survey).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == group.Level).ToList();
            var men = rows.Count(f => f[2] == "0.5");
            var observed = (int)Math.Round(rows.Sum(f => double.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture)));
            // Per draw, the exact distribution of the replicated total (two binomials convolved) gives the score's
            // conditional mean P(>) + ½P(=) and second moment P(>) + ¼P(=); the estimate's Monte Carlo error follows.
            var (mean, second) = (0.0, 0.0);
            for (var s = 0; s < b0.Length; s++)
            {
                var total = Convolve(Binomial(men, Logistic(b0[s] + 0.5 * b1[s] + u[s])), Binomial(rows.Count - men, Logistic(b0[s] - 0.5 * b1[s] + u[s])));
                var above = total.Skip(observed + 1).Sum();
                mean += above + 0.5 * total[observed];
                second += above + 0.25 * total[observed];
            }

            mean /= b0.Length;
            second /= b0.Length;
            var error = Math.Sqrt((second - mean * mean) / b0.Length);
            Assert.InRange(group.PValue, mean - 4 * error, mean + 4 * error);
        }
    }

    [Fact]
    public void PredictivePValueCountsReplicationsAboveAndHalfTheTies()
    {
        // Draw-major layout of two groups: group 1 is 1, 2, 3, 3, 4 over five draws; observed 3 → (1 + ½·2) / 5.
        double[] replicated = [9, 1, 9, 2, 9, 3, 9, 3, 9, 4];
        Assert.Equal(0.4, PredictiveCheck.PValue(replicated, 1, 2, 5, 3), 15);
        Assert.Equal(0.0, PredictiveCheck.PValue(replicated, 1, 2, 5, 5), 15);
        Assert.Equal(1.0, PredictiveCheck.PValue(replicated, 1, 2, 5, 0), 15);
    }

    private static double[] Binomial(int n, double p) =>
        Enumerable.Range(0, n + 1).Select(k => Math.Exp(MathNet.Numerics.SpecialFunctions.BinomialLn(n, k) + k * Math.Log(p) + (n - k) * Math.Log(1 - p))).ToArray();

    private static double[] Convolve(double[] a, double[] b)
    {
        var c = new double[a.Length + b.Length - 1];
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                c[i + j] += a[i] * b[j];
            }
        }

        return c;
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
