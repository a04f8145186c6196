using System.Diagnostics;
using System.Globalization;
using MisterP.Inference;
using MisterP.Inference.Adaptation;
using MisterP.Inference.Sampling;
using MisterP.Posterior;
using MisterP.Workflow;

namespace MisterP.Bench;

/// <summary>
/// Issue 16: warmup adaptations side by side on one model, in one process. For each configuration (stan or fast
/// adaptation; 1000 warmup iterations or auto) and each seed: min bulk ESS, max R̂, divergences, gradient evaluations
/// over the whole fit (warmup included), min bulk ESS per 1,000 gradients, the mean warmup each chain ran, and wall
/// time. Then the medians over seeds and the ratio to stan/1000 (the current default, bit-identical to main), and the
/// agreement of the posterior means with stan/1000's: for each quantity, the seeds' average of each configuration
/// must agree within 4 × the combined MCSE of the two averages.
/// </summary>
internal static class AdaptationBench
{
    private const string SeedRhs = "male + repvote + (1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age) + (1|educ:eth)";

    private static readonly (AdaptationKind Adapt, bool Auto)[] Configurations =
        [(AdaptationKind.Stan, false), (AdaptationKind.Stan, true), (AdaptationKind.Fast, false), (AdaptationKind.Fast, true)];

    public static int Run(string shared, string model, int seeds, string? only = null)
    {
        var results = new Dictionary<string, List<FitRun>>();
        Console.WriteLine("model,config,seed,min_ess_bulk,max_rhat,divergences,gradients,ess_per_1000_gradients,mean_warmup,seconds");
        foreach (var (adapt, auto) in Configurations)
        {
            var name = $"{adapt.ToString().ToLowerInvariant()}/{(auto ? "auto" : "1000")}";
            if (only is not null && !only.Split(',').Contains(name))
            {
                continue;
            }

            var runs = results[name] = [];
            for (var seed = 1UL; seed <= (ulong)seeds; seed++)
            {
                var options = new SamplerOptions { Seed = seed, Adaptation = adapt, AutoWarmup = auto, Warmup = 1000 };
                var clock = Stopwatch.StartNew();
                var (summary, sampling) = Sample(shared, model, options);
                var seconds = clock.Elapsed.TotalSeconds;
                var run = new FitRun(
                    summary.Min(s => s.EssBulk), summary.Max(s => s.Rhat), SamplerDiagnostics.From(sampling.Draws, 10).Divergences,
                    sampling.GradientEvaluations, sampling.Adaptation.Average(a => a.WarmupIterations), seconds,
                    summary.ToDictionary(s => s.Name, s => (s.Mean, s.McseMean)));
                runs.Add(run);
                Console.WriteLine(string.Join(",", model, name, seed, F(run.MinBulk, 0), F(run.MaxRhat, 4), run.Divergences, run.Gradients,
                    F(run.EssPerGradient * 1000, 2), F(run.MeanWarmup, 0), F(seconds, 2)));
            }
        }

        // Without stan/1000 in the run (a filtered run), the first configuration is the baseline.
        var baseline = results.GetValueOrDefault("stan/1000") ?? results.Values.First();
        var baseEfficiency = Median(baseline.Select(r => r.EssPerGradient));
        Console.WriteLine("model,config,median_ess_per_1000_gradients,ratio_to_stan1000,median_gradients,median_min_ess_bulk,worst_rhat,total_divergences,median_warmup,median_seconds,means_disagreeing");
        foreach (var (name, runs) in results)
        {
            var efficiency = Median(runs.Select(r => r.EssPerGradient));
            Console.WriteLine(string.Join(",", model, name, F(efficiency * 1000, 2), F(efficiency / baseEfficiency, 2), F(Median(runs.Select(r => (double)r.Gradients)), 0),
                F(Median(runs.Select(r => r.MinBulk)), 0), F(runs.Max(r => r.MaxRhat), 4), runs.Sum(r => r.Divergences), F(Median(runs.Select(r => r.MeanWarmup)), 0),
                F(Median(runs.Select(r => r.Seconds)), 2), Disagreeing(baseline, runs)));
        }

        return 0;
    }

    private static (IReadOnlyList<ParameterSummary> Summary, SamplingResult Sampling) Sample(string shared, string model, SamplerOptions options)
    {
        if (model is "cces_biased5000" or "semisynthetic5000")
        {
            var (data, outcome) = model == "cces_biased5000" ? ("data/cces2018/sample_biased5000_seed1010.csv", "abortion") : ("data/semisynthetic/sample.csv", "y");
            var fit = Mrp.Fit(Path.Combine(shared, data), $"{outcome} ~ {SeedRhs}", new FitOptions { Sampler = options });
            return (fit.Summary!, fit.Sampling!);
        }

        var result = NutsSampler.Sample(TargetModels.Create(model), options);
        return (MisterP.Posterior.Diagnostics.Summarize(result.Draws), result);
    }

    /// <summary>How many quantities' seed-averaged means differ from the baseline's by more than 4 combined MCSE.</summary>
    private static int Disagreeing(List<FitRun> baseline, List<FitRun> runs)
    {
        var count = 0;
        foreach (var name in baseline[0].Means.Keys)
        {
            var (m1, v1) = Average(baseline, name);
            var (m2, v2) = Average(runs, name);
            count += double.IsFinite(m1) && double.IsFinite(m2) && Math.Abs(m1 - m2) > 4 * Math.Sqrt(v1 + v2) ? 1 : 0;
        }

        return count;
    }

    private static (double Mean, double Variance) Average(List<FitRun> runs, string name)
    {
        var k = runs.Count;
        return (runs.Average(r => r.Means[name].Mean), runs.Sum(r => r.Means[name].Mcse * r.Means[name].Mcse) / (k * k));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    private static string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private sealed record FitRun(double MinBulk, double MaxRhat, int Divergences, long Gradients, double MeanWarmup, double Seconds, Dictionary<string, (double Mean, double Mcse)> Means)
    {
        public double EssPerGradient => MinBulk / Gradients;
    }
}
