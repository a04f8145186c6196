using MisterP.Inference;
using MisterP.Inference.Sampling;
using MisterP.Models;
using Xunit;

namespace MisterP.Tests.Inference;

public class DivergenceTests
{
    /// <summary>A standard normal whose log density is NaN beyond |x| = 1.5: trajectories that leave are divergent.</summary>
    private sealed class Cliff : ILogDensity
    {
        public int Dimension => 1;

        public IReadOnlyList<string> ParameterNames => ["x"];

        public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = -x[0];
            return Math.Abs(x[0]) > 1.5 ? double.NaN : -0.5 * x[0] * x[0];
        }

        public ILogDensity Fork() => this;
    }

    [Fact]
    public void NonFiniteDensityIsADivergenceAndNeverADraw()
    {
        var result = NutsSampler.Sample(new Cliff(), new SamplerOptions { Seed = 1, Chains = 1, Warmup = 300, Draws = 500, InitRadius = 1 });
        Assert.True(result.Draws.Statistic("divergent__")![0].Sum() > 0);
        Assert.All(result.Draws.Parameter(0)[0], x => Assert.InRange(x, -1.5, 1.5));
    }
}
