using System.Diagnostics;
using MisterP.Inference;
using MisterP.Workflow;

namespace MisterP.Bench;

/// <summary>Where the time of a whole NUTS fit goes: preparation, warmup, sampling, summary and saving the fit folder.</summary>
internal static class FitPhasesBench
{
    public static int Run(string data, string formula, ulong seed)
    {
        var clock = Stopwatch.StartNew();
        var fit = Mrp.Fit(data, formula, new FitOptions { Sampler = new SamplerOptions { Seed = seed } });
        var fitSeconds = clock.Elapsed.TotalSeconds;
        var sampling = fit.Sampling!;
        var directory = Path.Combine(Path.GetTempPath(), $"misterp-phases-{Environment.ProcessId}");
        clock.Restart();
        var summary = MisterP.Posterior.Diagnostics.Summarize(fit.Draws!);
        var summarySeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        fit.Save(directory, overwrite: true, cmdStanCsv: false);
        var saveSeconds = clock.Elapsed.TotalSeconds;
        Directory.Delete(directory, recursive: true);
        var chains = fit.Options.Sampler.Chains;
        var threads = Math.Min(Environment.ProcessorCount, chains);
        Console.WriteLine($"preparation {fit.PreparationTime.TotalSeconds:F2} s; NUTS {fit.EstimationTime.TotalSeconds:F2} s (slowest chain: warmup {sampling.WarmupTime.TotalSeconds:F2} s, " +
                          $"sampling {sampling.SamplingTime.TotalSeconds:F2} s; {chains} chains on {threads} threads); Mrp.Fit total {fitSeconds:F2} s; save {saveSeconds:F2} s; summary alone {summarySeconds:F2} s ({summary.Count} parameters); " +
                          $"{sampling.GradientEvaluations} gradients");
        return 0;
    }
}
