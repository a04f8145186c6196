using MisterP.Inference;
using MisterP.Inference.Adaptation;
using MisterP.Inference.Sampling;
using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Inference;

/// <summary>Issue 16: <c>--adapt fast</c> and <c>--warmup auto</c> (fixed seeds; tolerances from MCSE).</summary>
public class WarmupAdaptationTests
{
    private static readonly double[] Scales = Enumerable.Range(0, 20).Select(i => Math.Exp(-2 + i / 5.0)).ToArray();

    [Fact]
    public void MetricDistanceIsTheRmsLogRatio()
    {
        Assert.Equal(0, WarmupSettling.MetricDistance([1, 2, 3], [1, 2, 3]));
        Assert.Equal(Math.Log(2), WarmupSettling.MetricDistance([1, 2, 3], [2, 4, 6]), 12);
        Assert.Equal(Math.Sqrt(Math.Log(4) * Math.Log(4) / 2), WarmupSettling.MetricDistance([1, 1], [4, 1]), 12);
        Assert.True(WarmupSettling.Settled([1, 1], [1.1, 0.9], 0.5, 0.55));
        Assert.False(WarmupSettling.Settled([1, 1], [2, 0.9], 0.5, 0.55));
        Assert.False(WarmupSettling.Settled([1, 1], [1, 1], 0.5, 1.0));
    }

    [Theory]
    [InlineData(AdaptationKind.Stan)]
    [InlineData(AdaptationKind.Fast)]
    public void AutoWarmupStopsEarlyOnAScaledNormalAndTheDrawsAreRight(AdaptationKind adapt)
    {
        // Scales from 0.14 to 6.7: a metric left at the identity would need 50× smaller steps for the widest coordinate.
        var result = NutsSampler.Sample(new IidNormal(Scales), new SamplerOptions { Seed = 16, Adaptation = adapt, AutoWarmup = true });
        // Stan's windows end at 250, 450 and 950 draws, and a chain whose 100- and 200-draw estimates still differ by the
        // noise of so few draws runs to the ceiling; the fast windows pool draws and gradients and all stop early here.
        Assert.All(result.Adaptation, a => Assert.InRange(a.WarmupIterations, WarmupSettling.Floor, 1000));
        Assert.True(result.Adaptation.Count(a => a.WarmupIterations < 1000) >= (adapt == AdaptationKind.Fast ? 4 : 2),
            string.Join(", ", result.Adaptation.Select(a => a.WarmupIterations)));

        for (var i = 0; i < Scales.Length; i++)
        {
            var s = Diagnostics.Summarize("x", result.Draws.Parameter(i));
            Assert.True(Math.Abs(s.Mean) < 4 * s.McseMean, $"x[{i}] mean {s.Mean} (mcse {s.McseMean})");
            Assert.True(Math.Abs(s.Sd - Scales[i]) < 4 * s.McseSd + 0.01 * Scales[i], $"x[{i}] sd {s.Sd} vs {Scales[i]} (mcse {s.McseSd})");
            Assert.True(s.Rhat < 1.01, $"x[{i}] R̂ {s.Rhat}");
        }

        // The adapted metric found the scales (variances) to within a factor of 2 on every coordinate.
        foreach (var chain in result.Adaptation)
        {
            Assert.True(WarmupSettling.MetricDistance(Scales.Select(s => s * s).ToArray(), chain.InverseMetricDiagonal) < Math.Log(2));
        }

        Assert.Equal(0, SamplerDiagnostics.From(result.Draws, 10).Divergences);
    }

    [Fact]
    public void AutoWarmupRunsToTheCeilingWhileTheMetricStillDrifts()
    {
        // The centered funnel's scales change with v as the chains explore it: the rule never sees two windows agree.
        var result = NutsSampler.Sample(new Funnel(centered: true), new SamplerOptions { Seed = 9, Chains = 2, Draws = 100, AutoWarmup = true, Adaptation = AdaptationKind.Fast });
        Assert.All(result.Adaptation, a => Assert.Equal(1000, a.WarmupIterations));
    }

    [Fact]
    public void FixedWarmupIsExact()
    {
        var result = NutsSampler.Sample(new IidNormal(Scales), new SamplerOptions { Seed = 3, Chains = 2, Warmup = 300, Draws = 100, Adaptation = AdaptationKind.Fast });
        Assert.All(result.Adaptation, a => Assert.Equal(300, a.WarmupIterations));
    }

    [Theory]
    [InlineData(AdaptationKind.Stan)]
    [InlineData(AdaptationKind.Fast)]
    public void AutoWarmupDrawsAreIdenticalForAnyThreadCount(AdaptationKind adapt)
    {
        SamplerOptions Options(int threads) => new() { Seed = 5, Chains = 3, Draws = 200, Threads = threads, AutoWarmup = true, Adaptation = adapt };
        var one = NutsSampler.Sample(new EightSchools(false), Options(1));
        var three = NutsSampler.Sample(new EightSchools(false), Options(3));
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(one.Draws.ChainParameters(c).ToArray(), three.Draws.ChainParameters(c).ToArray());
            Assert.Equal(one.Adaptation[c].WarmupIterations, three.Adaptation[c].WarmupIterations);
        }
    }

    [Fact]
    public void AutoWarmupWithStansDenseMetricSettlesAndRecoversTheCorrelation()
    {
        // The settling rule reads the dense estimate's diagonal; the final update is then a dense metric as with a fixed warmup.
        var result = NutsSampler.Sample(new CorrelatedNormal(0.9), new SamplerOptions { Seed = 7, Metric = MetricKind.Dense, AutoWarmup = true });
        Assert.Contains(result.Adaptation, a => a.WarmupIterations < 1000);
        var a = result.Draws.Parameter(0).SelectMany(c => c).ToArray();
        var b = result.Draws.Parameter(1).SelectMany(c => c).ToArray();
        Assert.InRange(MathNet.Numerics.Statistics.Correlation.Pearson(a, b), 0.88, 0.92);
        foreach (var k in new[] { 0, 1 })
        {
            var s = Diagnostics.Summarize("x", result.Draws.Parameter(k));
            Assert.True(Math.Abs(s.Mean) < 4 * s.McseMean + 0.02, $"mean {s.Mean} mcse {s.McseMean}");
            Assert.True(Math.Abs(s.Sd - 1) < 4 * s.McseSd + 0.02, $"sd {s.Sd} mcse {s.McseSd}");
        }
    }

    [Fact]
    public void FastAdaptationRefusesADenseMetric() =>
        Assert.Throws<UserInputException>(() => NutsSampler.Sample(new IidNormal([1, 2]),
            new SamplerOptions { Chains = 1, Warmup = 50, Draws = 20, Adaptation = AdaptationKind.Fast, Metric = MetricKind.Dense }));
}
