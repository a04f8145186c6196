using MisterP.Bench.Calibration;
using MisterP.Inference;
using MisterP.Inference.Sampling;
using MisterP.Models;
using MisterP.Numerics;

namespace MisterP.Bench;

/// <summary>
/// Simulation-based calibration (Talts et al. 2018) of a small hierarchical normal model: for each replication,
/// parameters from the prior, data from the model, NUTS draws thinned to L = 99; the rank of the true value among
/// them must be uniform on 0..99, checked per parameter by a chi-square test over 10 bins.
/// </summary>
internal static class SbcBench
{
    private const int Groups = 8;

    public static int Run(int replications, ulong seed, MisterP.Inference.Adaptation.AdaptationKind adapt = default, bool autoWarmup = false)
    {
        var random = new Xoshiro256(seed);
        var names = new[] { "mu", "tau", "theta[1]" };
        var ranks = names.Select(_ => new int[10]).ToArray();
        for (var r = 0; r < replications; r++)
        {
            var mu = random.Normal();
            var tau = Math.Abs(random.Normal());
            var theta = Enumerable.Range(0, Groups).Select(_ => mu + tau * random.Normal()).ToArray();
            var y = theta.Select(t => t + random.Normal()).ToArray();
            var result = NutsSampler.Sample(new HierarchicalNormal(y), new SamplerOptions
            {
                Seed = seed * 1000 + (ulong)r,
                Chains = 1,
                Warmup = autoWarmup ? 1000 : 500,
                AutoWarmup = autoWarmup,
                Adaptation = adapt,
                Draws = 990,
                TargetAccept = 0.9,
            });
            var truth = new[] { mu, tau, theta[0] };
            for (var k = 0; k < names.Length; k++)
            {
                // 990 draws of one chain: every 10th, as RankCalibration thins.
                ranks[k][RankCalibration.Rank(result.Draws.Parameter(k), truth[k]) / 10]++;
            }
        }

        Console.WriteLine($"SBC: hierarchical normal (J = {Groups}, mu ~ N(0,1), tau ~ N+(0,1), non-centered), {replications} replications, L = 99 thinned draws, 10 rank bins");
        Console.WriteLine("parameter | bin counts | chi-square (9 df) | p-value");
        foreach (var (name, counts) in names.Zip(ranks))
        {
            var (chi, p) = RankCalibration.Uniformity(counts);
            Console.WriteLine($"{name} | {string.Join(" ", counts)} | {chi:F2} | {p:F3}");
        }

        return 0;
    }

    /// <summary>mu ~ N(0, 1), tau ~ half-normal(0, 1) (as log tau with Jacobian), theta = mu + tau·z, y ~ N(theta, 1).</summary>
    private sealed class HierarchicalNormal(double[] y) : ILogDensity, IConstrainedOutputs
    {
        public int Dimension => 2 + Groups;

        public IReadOnlyList<string> ParameterNames { get; } = ["mu", "log_tau", .. Enumerable.Range(1, Groups).Select(i => $"z[{i}]")];

        public IReadOnlyList<string> OutputNames { get; } = ["mu", "tau", "theta[1]"];

        public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            var mu = x[0];
            var tau = Math.Exp(x[1]);
            g.Clear();
            var lp = -0.5 * mu * mu - 0.5 * tau * tau + x[1];
            g[0] = -mu;
            g[1] = -tau * tau + 1;
            for (var j = 0; j < Groups; j++)
            {
                var z = x[2 + j];
                var r = y[j] - mu - tau * z;
                lp -= 0.5 * z * z + 0.5 * r * r;
                g[2 + j] = -z + r * tau;
                g[0] += r;
                g[1] += r * tau * z;
            }

            return lp;
        }

        public void WriteOutputs(ReadOnlySpan<double> x, Span<double> outputs)
        {
            outputs[0] = x[0];
            outputs[1] = Math.Exp(x[1]);
            outputs[2] = x[0] + Math.Exp(x[1]) * x[2];
        }

        public ILogDensity Fork() => this;
    }
}
