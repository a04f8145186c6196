using System.Diagnostics;
using MisterP.Data;
using MisterP.Workflow;

namespace MisterP.Bench;

/// <summary>
/// The in-process time of a <c>--method ml</c> fit (issue 16: ≥ 10× faster than the <c>glmer</c> call alone), the
/// counterpart of R's <c>system.time(glmer(...))</c> with lme4 already loaded: <see cref="Mrp.Fit"/> called repeatedly
/// in one process, so the first call carries the JIT and the engine's start-up and the later ones are what a session
/// fitting many models pays. As glmer's data frame is read before its clock starts, the table source is opened before
/// the fit's clock (and timed apart); reading its rows, the design and the estimation are inside.
/// </summary>
internal static class MlInProcessBench
{
    public static int Run(string data, string formula, int runs)
    {
        var options = new FitOptions { Method = FitMethod.Ml };
        for (var run = 1; run <= runs; run++)
        {
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using var source = TableSources.Open(data);
            var open = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var fit = Mrp.Fit(source, formula, options);
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu = process.TotalProcessorTime - cpu;
            Console.WriteLine($"ml run {run}: open the data {open * 1000:F1} ms, then Mrp.Fit {wall * 1000:F1} ms wall ({cpu.TotalMilliseconds:F0} ms CPU for both; " +
                              $"preparation {fit.PreparationTime.TotalMilliseconds:F1} ms, estimation {fit.EstimationTime.TotalMilliseconds:F1} ms)");
        }

        return 0;
    }
}
