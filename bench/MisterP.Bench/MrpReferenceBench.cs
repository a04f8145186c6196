using System.Diagnostics;
using System.Globalization;
using MisterP.Data;
using MisterP.Inference;
using MisterP.Posterior;
using MisterP.Poststrat;
using MisterP.Workflow;

namespace MisterP.Bench;

/// <summary>
/// Issue 5/6 validation on the shared data: the seed talk's model fitted by NUTS with rstanarm's priors and
/// adapt_delta, compared parameter by parameter with the rstanarm reference fit (mean within 4·combined MCSE + 0.02,
/// sd within 4·combined MCSE-of-sd + 0.02), then post-stratified by state and scored against the truth.
/// </summary>
internal static class MrpReferenceBench
{
    private const string Rhs = "male + repvote + (1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age) + (1|educ:eth)";

    public static int Run(string shared, string tag, ulong seed, double? targetAccept, bool informationScaling = true)
    {
        var (sample, outcome, frame, truth, truthColumn) = tag switch
        {
            "cces_biased5000" => ("data/cces2018/sample_biased5000_seed1010.csv", "abortion", "data/cces2018/poststrat_cces_full.csv", "data/cces2018/truth_state_full_cces.csv", "mean_full"),
            "semisynthetic5000" => ("data/semisynthetic/sample.csv", "y", "data/semisynthetic/poststrat.csv", "data/semisynthetic/truth_state.csv", "truth"),
            _ => throw new ArgumentException($"Unknown tag {tag}"),
        };
        var clock = Stopwatch.StartNew();
        var settings = new SamplerOptions { Seed = seed };
        var fit = Mrp.Fit(Path.Combine(shared, sample), $"{outcome} ~ {Rhs}",
            new FitOptions { Sampler = targetAccept is { } delta ? settings with { TargetAccept = delta } : settings, InformationScaling = informationScaling });
        var fitSeconds = clock.Elapsed.TotalSeconds;
        using var frameSource = TableSources.Open(Path.Combine(shared, frame));
        var estimates = fit.Poststratify(frameSource, new PoststratOptions { Weight = "n", By = [["state"]], Seed = seed, AllowNewLevels = true });
        var totalSeconds = clock.Elapsed.TotalSeconds;

        var reference = File.ReadAllLines(Path.Combine(shared, $"reference/mrp/rstanarm_{tag}_summary.csv")).Skip(1)
            .Select(l => SplitCsv(l)).ToDictionary(f => f[0], f => f[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        var failures = 0;
        var checkedCount = 0;
        Console.WriteLine($"{tag}: NUTS 4×1000 (target accept {fit.Options.Sampler.TargetAccept}, {(informationScaling ? "information-scaled" : "non-centered")} group effects), fit {fitSeconds:F1} s, with post-stratification {totalSeconds:F1} s");
        Console.WriteLine("parameter | mean (MisterP / rstanarm) | |Δ| / allowed | sd (MisterP / rstanarm) | |Δ| / allowed");
        foreach (var s in fit.Summary!.Where(s => s.Name.StartsWith("b_", StringComparison.Ordinal) || s.Name.StartsWith("sd_", StringComparison.Ordinal)))
        {
            if (!reference.TryGetValue(s.Name, out var r))
            {
                continue;
            }

            // Reference columns: mean, sd, q5, q50, q95, mcse_mean, ess_bulk, ess_tail, rhat.
            var meanAllowed = 4 * Math.Sqrt(s.McseMean * s.McseMean + r[5] * r[5]) + 0.02;
            var refMcseSd = r[1] / Math.Sqrt(2 * r[6]);
            var sdAllowed = 4 * Math.Sqrt(s.McseSd * s.McseSd + refMcseSd * refMcseSd) + 0.02;
            var meanOk = Math.Abs(s.Mean - r[0]) < meanAllowed;
            var sdOk = Math.Abs(s.Sd - r[1]) < sdAllowed;
            failures += (meanOk ? 0 : 1) + (sdOk ? 0 : 1);
            checkedCount += 2;
            Console.WriteLine($"{s.Name} | {s.Mean:F4} / {r[0]:F4} | {Math.Abs(s.Mean - r[0]):F4} / {meanAllowed:F4}{(meanOk ? "" : " FAIL")} | {s.Sd:F4} / {r[1]:F4} | {Math.Abs(s.Sd - r[1]):F4} / {sdAllowed:F4}{(sdOk ? "" : " FAIL")}");
        }

        var sampler = fit.SamplerDiagnostics!;
        var truthRows = File.ReadAllLines(Path.Combine(shared, truth)).Skip(1).Select(SplitCsv).ToList();
        var header = SplitCsv(File.ReadLines(Path.Combine(shared, truth)).First());
        var truthIndex = Array.IndexOf(header, truthColumn);
        var truthByState = truthRows.ToDictionary(f => f[0], f => double.Parse(f[truthIndex], CultureInfo.InvariantCulture));
        var errors = new List<double>();
        var covered = 0;
        foreach (var e in estimates.Estimates)
        {
            var t = truthByState[e.Keys["state"]];
            errors.Add(e.Estimate - t);
            covered += t >= e.Lower && t <= e.Upper ? 1 : 0;
        }

        var rmse = Math.Sqrt(errors.Average(v => v * v));
        Console.WriteLine($"summary,{tag},{seed},{fitSeconds:F2},{totalSeconds:F2},{fit.Summary!.Min(s => s.EssBulk):F0},{fit.Summary!.Min(s => s.EssTail):F0}," +
                          $"{fit.Summary!.Max(s => s.Rhat):F4},{sampler.Divergences},{fit.Sampling!.SamplingLeapfrogSteps},{rmse:F4},{(double)covered / errors.Count:F2},{failures},{checkedCount}");
        return 0;
    }

    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
