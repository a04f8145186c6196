using MisterP.Inference.Optimization;
using MisterP.Models;
using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Optimization;

public class LaplaceApproximationTests
{
    /// <summary>A correlated gaussian: the Laplace approximation is exact.</summary>
    private sealed class Gaussian : ILogDensity
    {
        public int Dimension => 2;

        public IReadOnlyList<string> ParameterNames => ["a", "b"];

        // Precision [[2, 0.6], [0.6, 1]], mean (1, −2).
        public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            var d0 = x[0] - 1;
            var d1 = x[1] + 2;
            g[0] = -(2 * d0 + 0.6 * d1);
            g[1] = -(0.6 * d0 + d1);
            return -0.5 * (2 * d0 * d0 + 1.2 * d0 * d1 + d1 * d1);
        }

        public ILogDensity Fork() => this;
    }

    [Fact]
    public void ExactForAGaussian()
    {
        var result = LaplaceApproximation.Fit(new Gaussian(), 4000, 7);
        Assert.Equal(1, result.Mode[0], 6);
        Assert.Equal(-2, result.Mode[1], 6);
        // Covariance = inverse precision = [[1, −0.6], [−0.6, 2]] / 1.64.
        Assert.Equal(1 / 1.64, result.Covariance[0], 5);
        Assert.Equal(-0.6 / 1.64, result.Covariance[1], 5);
        Assert.Equal(2 / 1.64, result.Covariance[3], 5);
        var a = Diagnostics.Summarize("a", result.Draws.Parameter(0));
        Assert.True(Math.Abs(a.Mean - 1) < 4 * a.McseMean);
        Assert.True(Math.Abs(a.Sd - Math.Sqrt(1 / 1.64)) < 4 * a.McseSd);
    }

    [Fact]
    public void LbfgsFindsTheRosenbrockMinimum()
    {
        var result = Lbfgs.Minimize((x, g) =>
        {
            g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]);
            g[1] = 200 * (x[1] - x[0] * x[0]);
            return Math.Pow(1 - x[0], 2) + 100 * Math.Pow(x[1] - x[0] * x[0], 2);
        }, [-1.2, 1]);
        Assert.True(result.Converged);
        Assert.Equal(1, result.Point[0], 4);
        Assert.Equal(1, result.Point[1], 4);
    }
}
