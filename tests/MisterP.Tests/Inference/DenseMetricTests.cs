using MisterP.Inference;
using MisterP.Inference.Sampling;
using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Inference;

public class DenseMetricTests
{
    [Fact]
    public void DenseMetricLearnsTheCorrelation()
    {
        var diagonal = NutsSampler.Sample(new CorrelatedNormal(0.99), new SamplerOptions { Seed = 8, Chains = 2 });
        var dense = NutsSampler.Sample(new CorrelatedNormal(0.99), new SamplerOptions { Seed = 8, Chains = 2, Metric = MetricKind.Dense });
        foreach (var k in new[] { 0, 1 })
        {
            var s = Diagnostics.Summarize("x", dense.Draws.Parameter(k));
            Assert.True(Math.Abs(s.Mean) < 4 * s.McseMean + 0.02, $"mean {s.Mean} mcse {s.McseMean}");
            Assert.True(Math.Abs(s.Sd - 1) < 4 * s.McseSd + 0.02, $"sd {s.Sd} mcse {s.McseSd}");
        }

        // With the correlation in the metric, trajectories are short: far fewer gradients per draw.
        double Leapfrogs(SamplingResult r) => r.Draws.Statistic("n_leapfrog__")!.SelectMany(c => c).Average();
        Assert.True(Leapfrogs(dense) < Leapfrogs(diagonal) / 3, $"dense {Leapfrogs(dense)} vs diagonal {Leapfrogs(diagonal)}");
    }
}
