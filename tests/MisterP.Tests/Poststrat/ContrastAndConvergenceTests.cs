using MisterP.Data;
using MisterP.Inference;
using MisterP.Posterior;
using MisterP.Poststrat;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Poststrat;

public class ContrastAndConvergenceTests
{
    private const string Survey = "y,state,male\n1,CA,0.5\n0,CA,-0.5\n1,TX,0.5\n1,TX,0.5\n0,NY,-0.5\n1,NY,0.5\n0,CA,-0.5\n1,TX,-0.5\n0,NY,0.5\n1,CA,0.5\n";
    private const string Frame = "state,male,n\nCA,0.5,100\nCA,-0.5,300\nTX,0.5,80\nTX,-0.5,20\nNY,0.5,50\n";

    private static MrpFit FitNuts(TempFolder temp) =>
        Mrp.Fit(temp.File("s.csv", Survey), "y ~ male + (1|state)", new FitOptions { Sampler = new SamplerOptions { Chains = 2, Warmup = 200, Draws = 150, Seed = 5 } });

    [Fact]
    public void ContrastIsThePosteriorOfThePerDrawDifference()
    {
        using var temp = new TempFolder();
        var fit = FitNuts(temp);
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var result = fit.Poststratify(frame, new PoststratOptions
        {
            Weight = "n",
            By = [["state"]],
            Contrasts = [GroupContrast.Parse("state=CA, TX")],
            KeepDraws = true,
        });

        var ca = result.Estimates.Single(e => e.Keys["state"] == "CA").Draws!;
        var tx = result.Estimates.Single(e => e.Keys["state"] == "TX").Draws!;
        var expected = ca.Zip(tx, (a, b) => a - b).ToArray();
        var contrast = Assert.Single(result.Contrasts);
        Assert.Equal("state=CA,TX", contrast.Contrast.Label);
        Assert.Equal(expected, contrast.Draws);
        Assert.Equal(expected.Average(), contrast.Estimate, 14);
        var sorted = expected.Order().ToArray();
        Assert.Equal(ConvergenceMath.Quantile(sorted, 0.05), contrast.Summary.Lower, 14);
        Assert.Equal(ConvergenceMath.Quantile(sorted, 0.95), contrast.Summary.Upper, 14);
        Assert.Equal(Diagnostics.EssBulk([expected[..150], expected[150..]]), contrast.Summary.EssBulk, 12);
    }

    [Fact]
    public void ContrastErrorsNameTheProblem()
    {
        using var temp = new TempFolder();
        var fit = Mrp.Fit(temp.File("s.csv", Survey), "y ~ male + (1|state)", new FitOptions { Method = FitMethod.Laplace, Sampler = new SamplerOptions { Chains = 1, Draws = 100 } });
        using var frame = TableSources.Open(temp.File("f.csv", Frame + "WA,0.5,0\n"));
        PoststratResult Run(string contrast, params IReadOnlyList<string>[] by) =>
            fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = by, Contrasts = [GroupContrast.Parse(contrast)], AllowNewLevels = true });

        Assert.Contains("add --by state", Assert.Throws<UserInputException>(() => Run("state=CA,TX", [])).Message);
        Assert.Contains("add --by state", Assert.Throws<UserInputException>(() => Run("state=CA,TX", ["state", "male"])).Message);
        Assert.Contains("no 'state' level 'OR'", Assert.Throws<UserInputException>(() => Run("state=OR,TX", ["state"])).Message);
        Assert.Contains("population 0", Assert.Throws<UserInputException>(() => Run("state=WA,TX", ["state"])).Message);
        Assert.Contains("VARIABLE=A,B", Assert.Throws<UserInputException>(() => GroupContrast.Parse("state=CA")).Message);
        Assert.Contains("with itself", Assert.Throws<UserInputException>(() => GroupContrast.Parse("state=CA,CA")).Message);
    }

    [Fact]
    public void EstimatesCarryRhatAndEssComputedPerChain()
    {
        using var temp = new TempFolder();
        var fit = FitNuts(temp);
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var model = new PoststratModel(ModelShape(fit), fit.Design.Recipe, fit.Draws!, IndependentDraws: false);
        var options = new PoststratOptions { Weight = "n", By = [["state"]], KeepDraws = true };
        var mixed = Poststratifier.Run(model, frame, options);
        var ca = mixed.Estimates.Single(e => e.Keys["state"] == "CA");
        double[][] chains = [ca.Draws![..150], ca.Draws[150..]];
        Assert.Equal(Diagnostics.Rhat(chains), ca.Summary.Rhat, 14);
        Assert.Equal(Diagnostics.EssBulk(chains), ca.Summary.EssBulk, 14);
        Assert.Equal(Diagnostics.EssTail(chains), ca.Summary.EssTail, 14);
        Assert.InRange(ca.Summary.Rhat, 0.98, 1.05);

        // Chains that disagree (the second chain's intercept shifted) must show in each estimate's R̂.
        var shifted = new PoststratModel(model.Shape, model.Recipe, ShiftIntercept(fit.Draws!, chain: 1, by: 2.0), IndependentDraws: false);
        var disagreeing = Poststratifier.Run(shifted, frame, options);
        Assert.All(disagreeing.Estimates, e => Assert.True(e.Summary.Rhat > 1.1, $"{e.Keys["state"]}: R̂ {e.Summary.Rhat}"));
    }

    [Fact]
    public void LaplaceDrawsReportEssButNoRhat()
    {
        using var temp = new TempFolder();
        var fit = Mrp.Fit(temp.File("s.csv", Survey), "y ~ male + (1|state)", new FitOptions { Method = FitMethod.Laplace, Sampler = new SamplerOptions { Chains = 1, Draws = 400, Seed = 2 } });
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var result = fit.Poststratify(frame, "n", ["state"]);
        Assert.True(result.Layout.Independent);
        Assert.All(result.Estimates, e =>
        {
            Assert.True(double.IsNaN(e.Summary.Rhat));
            // Independent draws: the ESS estimate is close to the number of draws.
            Assert.InRange(e.Summary.EssBulk, 0.7 * 400, 1.3 * 400);
        });
    }

    private static MisterP.Design.ModelShape ModelShape(MrpFit fit) => MisterP.Design.ModelShape.Of(fit.Design.Design);

    private static PosteriorDraws ShiftIntercept(PosteriorDraws draws, int chain, double by)
    {
        var k = draws.ParameterNames.ToList().IndexOf("b_Intercept");
        var p = draws.ParameterNames.Count;
        var parameters = Enumerable.Range(0, draws.ChainCount).Select(c =>
        {
            var values = draws.ChainParameters(c).ToArray();
            for (var d = 0; c == chain && d < draws.DrawsPerChain; d++)
            {
                values[d * p + k] += by;
            }

            return values;
        }).ToList();
        var statistics = Enumerable.Range(0, draws.ChainCount).Select(c => draws.ChainStatistics(c).ToArray()).ToList();
        return new PosteriorDraws(draws.ParameterNames, parameters, draws.StatisticNames, statistics, draws.DrawsPerChain);
    }
}
