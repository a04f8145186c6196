using MisterP.Checking;
using Xunit;

namespace MisterP.Tests.Checking;

/// <summary>
/// PSIS-LOO, WAIC, loo_compare and model weights against R's loo 2.5.1 (../shared/reference/loo): the 20-column files
/// to 1e-8 relative (absolute floor 1e-10), Pareto k to 1e-6, the rebuilt 300-observation case to 1e-6 relative and
/// the weights to 1e-4 absolute.
/// </summary>
public sealed class PsisLooGoldenTests
{
    private static void Close(double expected, double actual, double relative, string what, double floor = 1e-10)
    {
        var tolerance = Math.Max(floor, relative * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:G3})");
    }

    [Theory]
    [InlineData("loglik.csv", "loo_estimates.csv", "loo_pointwise.csv")]
    [InlineData("loglik2.csv", "loo2_estimates.csv", "loo2_pointwise.csv")]
    public void TwentyColumnsMatchLoo251(string logLikFile, string estimatesFile, string pointwiseFile)
    {
        var loo = PsisLoo.Compute(LooGolden.LogLik(logLikFile));

        var estimates = LooGolden.Keyed(estimatesFile);
        foreach (var (name, value) in new[] { ("elpd_loo", loo.ElpdLoo), ("p_loo", loo.PLoo), ("looic", loo.LooIc) })
        {
            Close(LooGolden.D(estimates[name]["estimate"]), value.Value, 1e-8, name);
            Close(LooGolden.D(estimates[name]["se"]), value.Se, 1e-8, "se " + name);
        }

        var expected = LooGolden.Keyed(pointwiseFile);
        Assert.Equal(expected.Count, loo.Pointwise.Count);
        foreach (var p in loo.Pointwise)
        {
            var e = expected[p.Name];
            Close(LooGolden.D(e["elpd_loo"]), p.ElpdLoo, 1e-8, p.Name + " elpd_loo");
            Close(LooGolden.D(e["mcse_elpd_loo"]), p.McseElpdLoo, 1e-8, p.Name + " mcse_elpd_loo");
            Close(LooGolden.D(e["p_loo"]), p.PLoo, 1e-8, p.Name + " p_loo");
            Close(LooGolden.D(e["looic"]), p.LooIc, 1e-8, p.Name + " looic");
            Close(LooGolden.D(e["influence_pareto_k"]), p.ParetoK, 1e-6, p.Name + " k", 1e-6);
            Close(LooGolden.D(e["r_eff"]), p.RelativeEfficiency, 1e-8, p.Name + " r_eff");
            Close(LooGolden.D(e["psis_n_eff"]), p.PsisEffectiveSize, 1e-8, p.Name + " psis_n_eff");
            Assert.Equal((int)LooGolden.D(e["tail_len"]), p.TailLength);
        }
    }

    [Fact]
    public void ParetoKTableCountsModel1()
    {
        var loo = PsisLoo.Compute(LooGolden.LogLik("loglik.csv"));
        Assert.Equal([14.0, 3, 3, 0], loo.ParetoK.Bands.Select(b => b.Count));
        Assert.Null(loo.McseElpdLoo); // NA: some k > 0.7
    }

    [Fact]
    public void WaicMatchesLoo251()
    {
        var waic = Waic.Compute(LooGolden.LogLik("loglik.csv"));
        var estimates = LooGolden.Keyed("waic_estimates.csv");
        foreach (var (name, value) in new[] { ("elpd_waic", waic.ElpdWaic), ("p_waic", waic.PWaic), ("waic", waic.WaicTotal) })
        {
            Close(LooGolden.D(estimates[name]["estimate"]), value.Value, 1e-8, name);
            Close(LooGolden.D(estimates[name]["se"]), value.Se, 1e-8, "se " + name);
        }

        var expected = LooGolden.Keyed("waic_pointwise.csv");
        foreach (var p in waic.Pointwise)
        {
            Close(LooGolden.D(expected[p.Name]["elpd_waic"]), p.ElpdWaic, 1e-8, p.Name + " elpd_waic");
            Close(LooGolden.D(expected[p.Name]["p_waic"]), p.PWaic, 1e-8, p.Name + " p_waic");
            Close(LooGolden.D(expected[p.Name]["waic"]), p.WaicValue, 1e-8, p.Name + " waic");
        }
    }

    [Fact]
    public void CompareMatchesLoo251()
    {
        var rows = LooComparison.Compare(
        [
            ("model1", PsisLoo.Compute(LooGolden.LogLik("loglik.csv"))),
            ("model2", PsisLoo.Compute(LooGolden.LogLik("loglik2.csv"))),
        ]);
        var expected = LooGolden.Keyed("loo_compare.csv");
        Assert.Equal(["model2", "model1"], rows.Select(r => r.Model));
        foreach (var row in rows)
        {
            Close(LooGolden.D(expected[row.Model]["elpd_diff"]), row.ElpdDiff, 1e-8, row.Model + " elpd_diff");
            Close(LooGolden.D(expected[row.Model]["se_diff"]), row.SeDiff, 1e-8, row.Model + " se_diff");
            Close(LooGolden.D(expected[row.Model]["se_looic"]), row.Loo.LooIc.Se, 1e-8, row.Model + " se_looic");
        }
    }

    [Fact]
    public void FullCaseRebuiltFromDrawsMatchesLoo251()
    {
        var loo1 = PsisLoo.Compute(LooGolden.FullLogLik("draws.csv"));
        var loo2 = PsisLoo.Compute(LooGolden.FullLogLik("draws2.csv"));
        var waic1 = Waic.Compute(LooGolden.FullLogLik("draws.csv"));
        var expected = LooGolden.Keyed("full_estimates.csv", keyColumns: 2);
        void Check(string key, Estimate e)
        {
            Close(LooGolden.D(expected[key]["estimate"]), e.Value, 1e-6, key);
            Close(LooGolden.D(expected[key]["se"]), e.Se, 1e-6, "se " + key);
        }

        Check("model1/elpd_loo", loo1.ElpdLoo);
        Check("model1/p_loo", loo1.PLoo);
        Check("model1/looic", loo1.LooIc);
        Check("model1/elpd_waic", waic1.ElpdWaic);
        Check("model1/p_waic", waic1.PWaic);
        Check("model1/waic", waic1.WaicTotal);
        Check("model2/elpd_loo", loo2.ElpdLoo);
        Check("model2/p_loo", loo2.PLoo);
        Check("model2/looic", loo2.LooIc);
        Assert.Equal([294.0, 3, 3, 0], loo1.ParetoK.Bands.Select(b => b.Count));

        var pointwise = LooGolden.Keyed("full_loo_pointwise.csv", keyColumns: 2);
        foreach (var p in loo1.Pointwise)
        {
            Close(LooGolden.D(pointwise["model1/" + p.Name]["influence_pareto_k"]), p.ParetoK, 1e-6, p.Name + " k", 1e-6);
            Close(LooGolden.D(pointwise["model1/" + p.Name]["mcse_elpd_loo"]), p.McseElpdLoo, 1e-6, p.Name + " mcse");
        }

        var compare = LooComparison.Compare([("model1", loo1), ("model2", loo2)]);
        var expectedCompare = LooGolden.Keyed("full_loo_compare.csv");
        Assert.Equal(["model1", "model2"], compare.Select(r => r.Model));
        Close(LooGolden.D(expectedCompare["model2"]["elpd_diff"]), compare[1].ElpdDiff, 1e-6, "elpd_diff");
        Close(LooGolden.D(expectedCompare["model2"]["se_diff"]), compare[1].SeDiff, 1e-6, "se_diff");

        var weights = LooGolden.Keyed("full_model_weights.csv", keyColumns: 2);
        var stacking = ModelWeights.Stacking([loo1, loo2]);
        Close(LooGolden.D(weights["stacking/model1"]["weight"]), stacking[0], 0, "stacking model1", 1e-4);
        Close(LooGolden.D(weights["stacking/model2"]["weight"]), stacking[1], 0, "stacking model2", 1e-4);
        var bma = ModelWeights.PseudoBma([loo1, loo2]);
        Close(LooGolden.D(weights["pseudobma_BB_FALSE/model1"]["weight"]), bma[0], 0, "pseudo-BMA model1", 1e-4);
        Close(LooGolden.D(weights["pseudobma_BB_FALSE/model2"]["weight"]), bma[1], 0, "pseudo-BMA model2", 1e-4);
    }
}
