using System.Diagnostics;
using MisterP.Checking;
using MisterP.Workflow;

namespace MisterP.Bench;

/// <summary>
/// Where `mrp loo FIT` spends its time: loading the fit, rebuilding its cells, and PSIS-LOO (cold, then warm: the
/// difference is JIT). Wall and process CPU time both, since the shared machine is often loaded and CPU time is what
/// the code costs.
/// </summary>
internal static class LooPhasesBench
{
    public static int Run(string fitDirectory)
    {
        var process = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        var cpu = process.TotalProcessorTime;
        void Report(string phase)
        {
            process.Refresh();
            var now = process.TotalProcessorTime;
            Console.WriteLine($"{phase}: wall {wall.ElapsedMilliseconds} ms, cpu {(now - cpu).TotalMilliseconds:F0} ms");
            cpu = now;
            wall.Restart();
        }

        var fit = SavedFit.Load(fitDirectory);
        Report("load fit");
        var design = FitData.Load(fit, "loo bench");
        Report("cells and design");
        foreach (var pass in new[] { "cold", "warm", "warm" })
        {
            var loo = FitLogLikelihood.Compute(design, fit.Draws!, LooUnit.Respondent);
            Report($"psis-loo ({pass}; {loo.Loo.Pointwise.Count} columns × {loo.Loo.DrawCount} draws, elpd {loo.Loo.ElpdLoo.Value:F4})");
        }

        return 0;
    }
}
