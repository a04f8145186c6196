using System.Diagnostics;
using System.Globalization;
using MisterP.Inference;
using MisterP.Inference.Sampling;
using MisterP.Models;
using MisterP.Posterior;

namespace MisterP.Bench;

/// <summary>
/// Sampler efficiency on the seed talk's model over the CCES biased sample, for comparing settings: per chain the
/// adapted step size, leapfrog steps per draw and divergences; overall the minimum bulk and tail ESS over b_, sd_ and
/// r_ (and which parameter), max R̂, gradient evaluations and sampling wall time (model building excluded).
/// </summary>
internal static class SamplerBench
{
    public static int Run(string shared, double targetAccept, MetricKind metric, ulong seed, string scaling, string? data)
    {
        var model = GradientBench.Build(shared, data);
        if (scaling.StartsWith("scaled", StringComparison.Ordinal))
        {
            var share = scaling.Length > 7 ? double.Parse(scaling[7..], CultureInfo.InvariantCulture) : EffectScaling.DefaultShare;
            model = model.WithEffectScaling(EffectScaling.FromData(model.Design, share));
        }

        var options = new SamplerOptions { Seed = seed, TargetAccept = targetAccept, Metric = metric };
        var clock = Stopwatch.StartNew();
        var result = NutsSampler.Sample(model, options);
        var seconds = clock.Elapsed.TotalSeconds;
        var draws = result.Draws;
        var stats = draws.StatisticNames;
        int Stat(string name) => stats.ToList().IndexOf(name);
        for (var c = 0; c < draws.ChainCount; c++)
        {
            var s = draws.ChainStatistics(c);
            double leapfrogs = 0, divergent = 0, depth = 0;
            for (var d = 0; d < draws.DrawsPerChain; d++)
            {
                leapfrogs += s[d * stats.Count + Stat("n_leapfrog__")];
                divergent += s[d * stats.Count + Stat("divergent__")];
                depth += s[d * stats.Count + Stat("treedepth__")];
            }

            Console.WriteLine($"chain {c + 1}: step {result.Adaptation[c].StepSize:F4}, leapfrogs/draw {leapfrogs / draws.DrawsPerChain:F1}, depth {depth / draws.DrawsPerChain:F2}, divergences {divergent}");
        }

        // Where divergences happen: the mean log sd over divergent draws against all draws.
        var divergentRows = new List<(int Chain, int Draw)>();
        for (var c = 0; c < draws.ChainCount; c++)
        {
            var st = draws.ChainStatistics(c);
            for (var d = 0; d < draws.DrawsPerChain; d++)
            {
                if (st[d * stats.Count + Stat("divergent__")] > 0)
                {
                    divergentRows.Add((c, d));
                }
            }
        }

        if (divergentRows.Count > 0)
        {
            var parts = new List<string>();
            for (var k = 0; k < draws.ParameterNames.Count; k++)
            {
                if (!draws.ParameterNames[k].StartsWith("sd_", StringComparison.Ordinal))
                {
                    continue;
                }

                var values = draws.Parameter(k);
                var all = values.SelectMany(v => v).Select(v => Math.Log(v)).Average();
                var divergent = divergentRows.Select(r => Math.Log(values[r.Chain][r.Draw])).Average();
                parts.Add($"{draws.ParameterNames[k]} {all:F2}/{divergent:F2}");
            }

            Console.WriteLine("mean log sd (all / divergent): " + string.Join(", ", parts));
        }

        var summary = MisterP.Posterior.Diagnostics.Summarize(draws).Where(p => p.Name.StartsWith("b_", StringComparison.Ordinal) || p.Name.StartsWith("sd_", StringComparison.Ordinal) || p.Name.StartsWith("r_", StringComparison.Ordinal)).ToList();
        foreach (var p in summary.Where(p => !double.IsFinite(p.EssTail) || p.Rhat > 1.05).Take(8))
        {
            Console.WriteLine($"  {p.Name}: mean {p.Mean:G4} sd {p.Sd:G4} q5 {p.Q5:G4} q95 {p.Q95:G4} rhat {p.Rhat:F3} bulk {p.EssBulk:F0} tail {p.EssTail:F0}");
        }

        var minBulk = summary.MinBy(p => p.EssBulk)!;
        var minTail = summary.MinBy(p => p.EssTail)!;
        var divergences = SamplerDiagnostics.From(draws, options.MaxTreeDepth).Divergences;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target {targetAccept} {metric} {scaling} seed {seed}: {seconds:F1} s (CPU {Process.GetCurrentProcess().UserProcessorTime.TotalSeconds:F1} s), {result.GradientEvaluations} gradients ({result.SamplingLeapfrogSteps} sampling), " +
            $"min bulk ESS {minBulk.EssBulk:F0} ({minBulk.Name}), min tail ESS {minTail.EssTail:F0} ({minTail.Name}), max R̂ {summary.Max(p => p.Rhat):F4}, divergences {divergences}, " +
            $"bulk ESS per 1000 gradients {1000 * minBulk.EssBulk / result.GradientEvaluations:F3}"));
        return 0;
    }
}
