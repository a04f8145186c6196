using MisterP.Data;
using MisterP.Inference;
using MisterP.Poststrat;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Poststrat;

public class PoststratifierTests
{
    private const string Survey = "y,state,male\n1,CA,0.5\n0,CA,-0.5\n1,TX,0.5\n1,TX,0.5\n0,NY,-0.5\n1,NY,0.5\n0,CA,-0.5\n1,TX,-0.5\n0,NY,0.5\n1,CA,0.5\n";

    [Fact]
    public void EstimatesAreSummariesOfPerDrawWeightedMeans()
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", Survey));
        var fit = Mrp.Fit(sample, "y ~ male + (1|state)", new FitOptions { Sampler = new SamplerOptions { Chains = 2, Warmup = 200, Draws = 150, Seed = 5 } });
        using var frame = TableSources.Open(temp.File("f.csv", "state,male,n\nCA,0.5,100\nCA,-0.5,300\nTX,0.5,80\nNY,-0.5,0\nNY,0.5,50\n"));
        var result = fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"], []], KeepDraws = true });

        var draws = fit.Draws!;
        var names = draws.ParameterNames.ToList();
        double[] All(string name) => draws.Parameter(names.IndexOf(name)).SelectMany(c => c).ToArray();
        var b0 = All("b_Intercept");
        var b1 = All("b_male");
        double P(int s, string state, double male) => 1 / (1 + Math.Exp(-(b0[s] + b1[s] * male + All($"r_state[{state},Intercept]")[s])));
        var ca = Enumerable.Range(0, b0.Length).Select(s => (100 * P(s, "CA", 0.5) + 300 * P(s, "CA", -0.5)) / 400).ToArray();
        var estimate = result.Estimates.Single(e => e.By == "state" && e.Keys["state"] == "CA");
        Assert.Equal(ca.Average(), estimate.Estimate, 12);
        Assert.Equal(400, estimate.Population);
        var sorted = ca.Order().ToArray();
        Assert.Equal(MisterP.Posterior.ConvergenceMath.Quantile(sorted, 0.05), estimate.Lower, 12);
        Assert.Equal(MisterP.Posterior.ConvergenceMath.Quantile(sorted, 0.95), estimate.Upper, 12);
        var everyone = result.Estimates.Single(e => e.By == GroupingSet.Everyone);
        Assert.Equal(530, everyone.Population);
        Assert.Empty(result.NewLevels);
    }

    [Fact]
    public void NewLevelsGetDistinctFreshEffectsAndAreReported()
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", Survey));
        var fit = Mrp.Fit(sample, "y ~ male + (1|state)", new FitOptions { Sampler = new SamplerOptions { Chains = 2, Warmup = 200, Draws = 150, Seed = 5 } });
        using var frame = TableSources.Open(temp.File("f.csv", "state,male,n\nWA,0.5,10\nOR,0.5,10\nCA,0.5,10\n"));
        var refused = Assert.Throws<UserInputException>(() => fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"]] }));
        Assert.Contains("frame state 'WA'", refused.Message);
        Assert.Contains("--allow-new-levels", refused.Message);
        var result = fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"]], KeepDraws = true, AllowNewLevels = true });
        Assert.Equal([("state", "WA"), ("state", "OR")], result.NewLevels);
        var wa = result.Estimates.Single(e => e.Keys["state"] == "WA").Draws!;
        var or = result.Estimates.Single(e => e.Keys["state"] == "OR").Draws!;
        Assert.NotEqual(wa, or);
        var again = fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"]], KeepDraws = true, ChunkRows = 1, AllowNewLevels = true });
        Assert.Equal(wa, again.Estimates.Single(e => e.Keys["state"] == "WA").Draws!);
    }

    [Fact]
    public void FrameErrorsAreSpecific()
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", Survey));
        var fit = Mrp.Fit(sample, "y ~ male + (1|state)", new FitOptions { Method = FitMethod.Laplace, Sampler = new SamplerOptions { Draws = 100, Chains = 1 } });
        using var noMale = TableSources.Open(temp.File("a.csv", "state,n\nCA,1\n"));
        Assert.Contains("'male'", Assert.Throws<UserInputException>(() => fit.Poststratify(noMale, "n", ["state"])).Message);
        using var negative = TableSources.Open(temp.File("b.csv", "state,male,n\nCA,0.5,1\nTX,0.5,-3\n"));
        Assert.Contains("row 2", Assert.Throws<UserInputException>(() => fit.Poststratify(negative, "n", ["state"])).Message);
        using var gap = TableSources.Open(temp.File("c.csv", "state,male,n\nCA,0.5,1\nTX,,3\n"));
        Assert.Contains("row 2: 'male' is missing", Assert.Throws<UserInputException>(() => fit.Poststratify(gap, "n", ["state"])).Message);
    }

    [Theory]
    [InlineData(PredictionKind.Epred)]
    [InlineData(PredictionKind.Pps)]
    public void ChunkingDoesNotChangeAnyDraw(PredictionKind kind)
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", Survey));
        var fit = Mrp.Fit(sample, "y ~ male + (1|state)", new FitOptions { Sampler = new SamplerOptions { Chains = 2, Warmup = 100, Draws = 103, Seed = 8 } });
        using var frame = TableSources.Open(temp.File("f.csv", "state,male,n\nCA,0.5,100\nCA,-0.5,300\nWA,0.5,7\nTX,0.5,80\nNY,-0.5,0\nNY,0.5,50\nOR,-0.5,12\n"));
        double[][] Draws(int chunkRows) => fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"], []], Kind = kind, KeepDraws = true, ChunkRows = chunkRows, AllowNewLevels = true })
            .Estimates.Select(e => e.Draws!).ToArray();
        var whole = Draws(65_536);
        Assert.Equal(whole, Draws(1));
        Assert.Equal(whole, Draws(3));
    }

    [Theory]
    [InlineData("gaussian", "identity")]
    [InlineData("poisson", "log")]
    [InlineData("bernoulli", "probit")]
    [InlineData("bernoulli", "cloglog")]
    public void EveryLinkMatchesDirectComputation(string family, string link)
    {
        using var temp = new TempFolder();
        var data = family == "gaussian"
            ? "y,state,male\n1.5,CA,0.5\n0.2,CA,-0.5\n2.1,TX,0.5\n1.7,TX,0.5\n0.1,NY,-0.5\n1.2,NY,0.5\n-0.4,CA,-0.5\n0.9,TX,-0.5\n0.3,NY,0.5\n1.1,CA,0.5\n"
            : family == "poisson" ? "y,state,male\n3,CA,0.5\n0,CA,-0.5\n4,TX,0.5\n2,TX,0.5\n0,NY,-0.5\n1,NY,0.5\n1,CA,-0.5\n2,TX,-0.5\n0,NY,0.5\n5,CA,0.5\n" : Survey;
        using var sample = TableSources.Open(temp.File("s.csv", data));
        var fit = Mrp.Fit(sample, "y ~ male + (1|state)", new FitOptions
        {
            Method = FitMethod.Laplace,
            Family = MisterP.Families.FamilyNames.ParseFamily(family),
            Link = MisterP.Families.FamilyNames.ParseLink(link),
            Sampler = new SamplerOptions { Chains = 1, Draws = 50, Seed = 6 },
        });
        using var frame = TableSources.Open(temp.File("f.csv", "state,male,n\nCA,0.5,100\nCA,-0.5,300\nTX,0.5,80\n"));
        var result = fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"]], KeepDraws = true });

        var names = fit.Draws!.ParameterNames.ToList();
        double[] All(string name) => fit.Draws.Parameter(names.IndexOf(name))[0];
        var (b0, b1, u) = (All("b_Intercept"), All("b_male"), All("r_state[CA,Intercept]"));
        Func<double, double> inverse = link switch
        {
            "identity" => eta => eta,
            "log" => Math.Exp,
            "probit" => eta => MathNet.Numerics.Distributions.Normal.CDF(0, 1, eta),
            _ => eta => 1 - Math.Exp(-Math.Exp(eta)),
        };
        var expected = Enumerable.Range(0, 50).Select(s => (100 * inverse(b0[s] + 0.5 * b1[s] + u[s]) + 300 * inverse(b0[s] - 0.5 * b1[s] + u[s])) / 400);
        Assert.Equal(expected, result.Estimates.Single(e => e.Keys["state"] == "CA").Draws!, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a)));
    }
}
