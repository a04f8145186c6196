using MisterP.Inference;
using MisterP.Inference.Sampling;
using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Inference;

/// <summary>Statistical validation of the sampler on targets with known answers (fixed seeds; tolerances from MCSE).</summary>
public class NutsValidationTests
{
    private static ParameterSummary Summary(SamplingResult r, string name) =>
        Diagnostics.Summarize(name, r.Draws.Parameter(r.Draws.ParameterNames.ToList().IndexOf(name)));

    [Fact]
    public void IidNormal100()
    {
        var result = NutsSampler.Sample(new IidNormal(Enumerable.Range(0, 100).Select(i => 0.5 + i / 50.0).ToArray()), new SamplerOptions { Seed = 11 });
        for (var i = 0; i < 100; i++)
        {
            var s = Diagnostics.Summarize("x", result.Draws.Parameter(i));
            var scale = 0.5 + i / 50.0;
            Assert.True(Math.Abs(s.Mean) < 4 * s.McseMean, $"x[{i}] mean {s.Mean} (mcse {s.McseMean})");
            Assert.True(Math.Abs(s.Sd - scale) < 4 * s.McseSd + 0.01 * scale, $"x[{i}] sd {s.Sd} vs {scale} (mcse {s.McseSd})");
            Assert.True(s.Rhat < 1.01);
        }

        var leapfrogs = result.Draws.Statistic("n_leapfrog__")!.SelectMany(c => c).Average();
        Assert.InRange(leapfrogs, 3, 31);
        Assert.Equal(0, result.Draws.Statistic("divergent__")!.SelectMany(c => c).Sum());
    }

    [Fact]
    public void CorrelatedNormal()
    {
        var result = NutsSampler.Sample(new CorrelatedNormal(0.99), new SamplerOptions { Seed = 5 });
        foreach (var k in new[] { 0, 1 })
        {
            var s = Diagnostics.Summarize("x", result.Draws.Parameter(k));
            Assert.True(Math.Abs(s.Mean) < 4 * s.McseMean + 0.02, $"mean {s.Mean} mcse {s.McseMean}");
            Assert.True(Math.Abs(s.Sd - 1) < 4 * s.McseSd + 0.02, $"sd {s.Sd} mcse {s.McseSd}");
            Assert.True(s.EssBulk > 300, $"ess {s.EssBulk}");
        }

        var a = result.Draws.Parameter(0).SelectMany(c => c).ToArray();
        var b = result.Draws.Parameter(1).SelectMany(c => c).ToArray();
        var correlation = MathNet.Numerics.Statistics.Correlation.Pearson(a, b);
        Assert.InRange(correlation, 0.985, 0.995);
    }

    [Fact]
    public void EightSchoolsNonCenteredMatchesQuadrature()
    {
        var result = NutsSampler.Sample(new EightSchools(centered: false), new SamplerOptions { Seed = 2024, TargetAccept = 0.9 });
        var mu = Summary(result, "mu");
        var tau = Summary(result, "tau");
        // Exact posterior by quadrature (DESIGN §7): mu 4.397 (sd 3.318), tau 3.598 (sd 3.220).
        Assert.True(Math.Abs(mu.Mean - 4.397) < 4 * mu.McseMean + 0.02 * 3.318, $"mu {mu.Mean} ± {mu.McseMean}");
        Assert.True(Math.Abs(tau.Mean - 3.598) < 4 * tau.McseMean + 0.02 * 3.220, $"tau {tau.Mean} ± {tau.McseMean}");
        Assert.True(Math.Abs(mu.Sd - 3.318) < 4 * mu.McseSd + 0.02 * 3.318, $"mu sd {mu.Sd} ± {mu.McseSd}");
        Assert.True(Math.Abs(tau.Sd - 3.220) < 4 * tau.McseSd + 0.05 * 3.220, $"tau sd {tau.Sd} ± {tau.McseSd}");
        var divergences = SamplerDiagnostics.From(result.Draws, 10).Divergences;
        Assert.True(divergences <= 5, $"{divergences} divergences");
    }

    [Fact]
    public void EightSchoolsCenteredReportsDivergences()
    {
        var result = NutsSampler.Sample(new EightSchools(centered: true), new SamplerOptions { Seed = 2024 });
        var sampler = SamplerDiagnostics.From(result.Draws, 10);
        Assert.True(sampler.Divergences > 0);
        Assert.Contains(DiagnosticWarnings.Evaluate(Diagnostics.Summarize(result.Draws), sampler), w => w.Contains("divergent"));
    }

    [Fact]
    public void FunnelDivergesOnlyWhenCentered()
    {
        var centered = NutsSampler.Sample(new Funnel(centered: true), new SamplerOptions { Seed = 9, Chains = 2 });
        var nonCentered = NutsSampler.Sample(new Funnel(centered: false), new SamplerOptions { Seed = 9, Chains = 2 });
        Assert.True(SamplerDiagnostics.From(centered.Draws, 10).Divergences > 0);
        Assert.Equal(0, SamplerDiagnostics.From(nonCentered.Draws, 10).Divergences);
        var v = Diagnostics.Summarize("v", nonCentered.Draws.Parameter(0));
        Assert.True(Math.Abs(v.Mean) < 4 * v.McseMean + 0.05, $"v {v.Mean} ± {v.McseMean}");
        Assert.True(Math.Abs(v.Sd - 3) < 4 * v.McseSd + 0.05, $"v sd {v.Sd} ± {v.McseSd}");
    }

    [Fact]
    public void DrawsAreIdenticalForAnyThreadCount()
    {
        var one = NutsSampler.Sample(new EightSchools(false), new SamplerOptions { Seed = 3, Chains = 3, Warmup = 200, Draws = 200, Threads = 1 });
        var three = NutsSampler.Sample(new EightSchools(false), new SamplerOptions { Seed = 3, Chains = 3, Warmup = 200, Draws = 200, Threads = 3 });
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(one.Draws.ChainParameters(c).ToArray(), three.Draws.ChainParameters(c).ToArray());
            Assert.Equal(one.Draws.ChainStatistics(c).ToArray(), three.Draws.ChainStatistics(c).ToArray());
        }

        var other = NutsSampler.Sample(new EightSchools(false), new SamplerOptions { Seed = 4, Chains = 3, Warmup = 200, Draws = 200 });
        Assert.NotEqual(one.Draws.ChainParameters(0).ToArray(), other.Draws.ChainParameters(0).ToArray());
    }

    [Fact]
    public void CancellationStopsPromptly()
    {
        using var cts = new CancellationTokenSource();
        var progress = new Progress(cts);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            NutsSampler.Sample(new IidNormal(Enumerable.Repeat(1.0, 10).ToArray()), new SamplerOptions { Warmup = 100000, Chains = 2 }, progress, cts.Token));
    }

    private sealed class Progress(CancellationTokenSource cts) : IProgress<ChainProgress>
    {
        public void Report(ChainProgress value)
        {
            if (value.Iteration > 2000)
            {
                cts.Cancel();
            }
        }
    }
}
