using MisterP.Data;
using MisterP.Inference;
using MisterP.Posterior;
using MisterP.Poststrat;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Poststrat;

/// <summary>
/// The logit/log fast path (exp(σ·η) as a product of tabulated exps) against exp of the sum: columns tabulated or
/// computed per row, and rows whose exponents could overflow a partial product, which must take the direct path.
/// </summary>
public class ProductPathTests
{
    private static MrpFit Fit(TempFolder temp, string data, string formula) =>
        Mrp.Fit(temp.File("s.csv", data), formula, new FitOptions { Method = FitMethod.Laplace, Sampler = new SamplerOptions { Chains = 1, Draws = 40, Seed = 3 } });

    private static double Logistic(double eta) => 1 / (1 + Math.Exp(-eta));

    [Fact]
    public void ContinuousColumnsGiveTheSameBitsTabulatedOrNotAndMatchExpOfTheSum()
    {
        using var temp = new TempFolder();
        var random = new Random(4);
        var data = "y,x,state\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"{i % 2},{random.NextDouble():R},{(i % 3 == 0 ? "CA" : "TX")}\n"));
        var fit = Fit(temp, data, "y ~ x + (1|state)");
        // 300 distinct x values: more than a chunk tabulates, so the whole frame computes x's exps per row, while
        // chunks of 7 rows tabulate them.
        var frameText = "x,state,n\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{i / 300.0 - 0.5:R},{(i % 2 == 0 ? "CA" : "TX")},{1 + i % 5}\n"));
        using var frame = TableSources.Open(temp.File("f.csv", frameText));
        PoststratResult Run(int chunk) => fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"]], KeepDraws = true, ChunkRows = chunk });
        var whole = Run(65_536);
        Assert.Equal(whole.Estimates.Select(e => e.Draws!), Run(7).Estimates.Select(e => e.Draws!));

        var names = fit.Draws!.ParameterNames.ToList();
        double[] All(string name) => fit.Draws.Parameter(names.IndexOf(name))[0];
        var (b0, b1, ca) = (All("b_Intercept"), All("b_x"), All("r_state[CA,Intercept]"));
        var cells = Enumerable.Range(0, 300).Where(i => i % 2 == 0).Select(i => (X: i / 300.0 - 0.5, N: 1.0 + i % 5)).ToList();
        var expected = Enumerable.Range(0, 40).Select(s => cells.Sum(c => c.N * Logistic(b0[s] + b1[s] * c.X + ca[s])) / cells.Sum(c => c.N));
        Assert.Equal(expected, whole.Estimates.Single(e => e.Keys["state"] == "CA").Draws!, (a, b) => Math.Abs(a - b) <= 1e-14);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(480)]
    public void SharedLeadingProductsGiveTheSameBitsAsRowByRowProducts(int rows)
    {
        using var temp = new TempFolder();
        var random = new Random(5);
        string[] states = ["CA", "TX", "NY", "WA"];
        double[] vote = [0.3, 0.6, 0.35, 0.45];
        var data = "y,x,state,g,h\n" + string.Concat(Enumerable.Range(0, 120).Select(i =>
            $"{(random.NextDouble() < 0.4 ? 1 : 0)},{vote[i % 4]},{states[i % 4]},g{i % 5},h{i % 3}\n"));
        var fit = Fit(temp, data, "y ~ x + (1|state) + (1|g) + (1|h)");
        // Rows over 4 states × 5 g × 3 h; a frame shares products of leading factors when it has at least 8 rows per
        // product: 400 rows share the intercept, x, state and g (20 products, h left per row), 480 rows all five (60);
        // chunks of 5 rows share none.
        var frameText = "x,state,g,h,n\n" + string.Concat(Enumerable.Range(0, rows).Select(i =>
            $"{vote[i % 4]},{states[i % 4]},g{i / 4 % 5},h{i / 20 % 3},{1 + i % 7}\n"));
        using var frame = TableSources.Open(temp.File("f.csv", frameText));
        PoststratResult Run(int chunk) => fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"], ["h"]], KeepDraws = true, ChunkRows = chunk });
        var whole = Run(65_536);
        Assert.Equal(whole.Estimates.Select(e => e.Draws!), Run(5).Estimates.Select(e => e.Draws!));

        var names = fit.Draws!.ParameterNames.ToList();
        double[] All(string name) => fit.Draws.Parameter(names.IndexOf(name))[0];
        var (b0, b1, ca) = (All("b_Intercept"), All("b_x"), All("r_state[CA,Intercept]"));
        var g = Enumerable.Range(0, 5).Select(k => All($"r_g[g{k},Intercept]")).ToArray();
        var h = Enumerable.Range(0, 3).Select(k => All($"r_h[h{k},Intercept]")).ToArray();
        var cells = Enumerable.Range(0, rows).Where(i => i % 4 == 0).Select(i => (G: i / 4 % 5, H: i / 20 % 3, N: 1.0 + i % 7)).ToList();
        var scale = fit.Design.Recipe.Predictors.Single(p => p.Label == "x");
        var x = (0.3 - scale.Center) / scale.Scale;
        var expected = Enumerable.Range(0, 40).Select(s => cells.Sum(c => c.N * Logistic(b0[s] + b1[s] * x + ca[s] + g[c.G][s] + h[c.H][s])) / cells.Sum(c => c.N));
        Assert.Equal(expected, whole.Estimates.Single(e => e.Keys.TryGetValue("state", out var state) && state == "CA").Draws!, (a, b) => Math.Abs(a - b) <= 1e-14);
    }

    [Fact]
    public void RowsWhosePartialProductsCouldOverflowArePredictedDirectly()
    {
        using var temp = new TempFolder();
        var fit = Fit(temp, "y,state\n1,CA\n0,CA\n1,TX\n0,TX\n1,TX\n", "y ~ (1|state)");
        // +800 on the intercept and −800 on CA's effect cancel: exp(−800)·exp(800) would be 0·∞, exp(−η) is fine.
        var shifted = Shift(fit.Draws!, new() { ["b_Intercept"] = 800, ["r_state[CA,Intercept]"] = -800, ["r_state[TX,Intercept]"] = -800 });
        var model = new PoststratModel(MisterP.Design.ModelShape.Of(fit.Design.Design), fit.Design.Recipe, shifted, IndependentDraws: true);
        using var frame = TableSources.Open(temp.File("f.csv", "state,n\nCA,10\nTX,30\n"));
        var result = Poststratifier.Run(model, frame, new PoststratOptions { Weight = "n", By = [["state"]], KeepDraws = true });
        var plain = fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"]], KeepDraws = true });
        for (var g = 0; g < 2; g++)
        {
            Assert.Equal(plain.Estimates[g].Draws!, result.Estimates[g].Draws!, (a, b) => Math.Abs(a - b) <= 1e-9);
        }
    }

    private static PosteriorDraws Shift(PosteriorDraws draws, Dictionary<string, double> by)
    {
        var names = draws.ParameterNames.ToList();
        var p = names.Count;
        var parameters = Enumerable.Range(0, draws.ChainCount).Select(c =>
        {
            var values = draws.ChainParameters(c).ToArray();
            foreach (var (name, shift) in by)
            {
                for (var d = 0; d < draws.DrawsPerChain; d++)
                {
                    values[d * p + names.IndexOf(name)] += shift;
                }
            }

            return values;
        }).ToList();
        var statistics = Enumerable.Range(0, draws.ChainCount).Select(c => draws.ChainStatistics(c).ToArray()).ToList();
        return new PosteriorDraws(draws.ParameterNames, parameters, draws.StatisticNames, statistics, draws.DrawsPerChain);
    }
}
