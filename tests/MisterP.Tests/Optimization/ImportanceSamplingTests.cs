using MisterP.Inference.Optimization;
using MisterP.Numerics;
using Xunit;

namespace MisterP.Tests.Optimization;

/// <summary>The skewed proposal's density and the systematic resampling the nested Laplace approximation relies on.</summary>
public class ImportanceSamplingTests
{
    /// <summary>
    /// A skewed, correlated target: θ = A·t with t₁ = log X, X ~ Gamma(2, 1) (the shape of log σ's posterior: a long
    /// exponential tail on one side) and t₂ ~ N(0, 1). Self-normalized importance sampling with the proposal recovers
    /// E[θ₁] = ψ(2) = 1 − γ and E[θ₂] = ψ(2)/2 within 4 Monte Carlo standard errors — which a wrong log q(θ) would not —
    /// and keeps most of its draws.
    /// </summary>
    [Fact]
    public void ImportanceWeightsRecoverASkewedTarget()
    {
        // A = [[1, 0], [0.5, 1]], so t = A⁻¹θ = (θ₁, θ₂ − θ₁/2).
        static double LogTarget(double[] theta)
        {
            var t1 = theta[0];
            var t2 = theta[1] - 0.5 * theta[0];
            return 2 * t1 - Math.Exp(t1) - 0.5 * t2 * t2;
        }

        // Mode t = (log 2, 0); −∇²log p in t is diag(2, 1), in θ it is A⁻ᵀ diag(2, 1) A⁻¹.
        double[] mode = [Math.Log(2), 0.5 * Math.Log(2)];
        double[] hessian = [2 + 0.25, -0.5, -0.5, 1];
        var proposal = SkewedProposal.Fit(LogTarget, mode, hessian)!;
        var random = new Xoshiro256(21);
        const int count = 20_000;
        var theta = new double[2];
        var logWeights = new double[count];
        var values = new double[count * 2];
        for (var i = 0; i < count; i++)
        {
            var logQ = proposal.Draw(random, theta);
            logWeights[i] = LogTarget(theta) - logQ;
            values[2 * i] = theta[0];
            values[2 * i + 1] = theta[1];
        }

        var largest = logWeights.Max();
        var weights = logWeights.Select(w => Math.Exp(w - largest)).ToArray();
        var total = weights.Sum();
        var efficiency = total * total / weights.Sum(w => w * w) / count;
        Assert.True(efficiency > 0.8, $"importance efficiency {efficiency:F3}");
        var digamma2 = 1 - 0.5772156649015329;
        double[] exact = [digamma2, 0.5 * digamma2];
        for (var k = 0; k < 2; k++)
        {
            var mean = Enumerable.Range(0, count).Sum(i => weights[i] * values[2 * i + k]) / total;
            var mcse = Math.Sqrt(Enumerable.Range(0, count).Sum(i => Math.Pow(weights[i] * (values[2 * i + k] - mean), 2))) / total;
            Assert.True(Math.Abs(mean - exact[k]) < 4 * mcse, $"θ{k + 1}: {mean:F4} vs {exact[k]:F4} (MCSE {mcse:F4})");
        }
    }

    /// <summary>Each index is kept ⌊Nwᵢ⌋ or ⌈Nwᵢ⌉ times, zero weights never; Kish's effective size is reported.</summary>
    [Fact]
    public void SystematicResamplingKeepsIndicesInProportion()
    {
        double[] weights = [0.5, 0, 0.25, 0.125, 0.125, 0];
        var logWeights = weights.Select(w => Math.Log(w)).ToArray();
        var indices = ImportanceResampling.Systematic(logWeights, 40, new Xoshiro256(3), out var effectiveSize);
        Assert.Equal(1 / weights.Sum(w => w * w), effectiveSize, 12);
        for (var i = 0; i < weights.Length; i++)
        {
            var kept = indices.Count(k => k == i);
            Assert.InRange(kept, Math.Floor(40 * weights[i]), Math.Ceiling(40 * weights[i]));
        }

        Assert.NotEqual(indices.Order(), indices);
    }
}
