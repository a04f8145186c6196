using MisterP.Inference;
using Spectre.Console;

namespace MisterP.Cli;

/// <summary>A progress bar per chain while sampling, on a terminal only (quiet when redirected or with --quiet).</summary>
internal static class ProgressDisplay
{
    public static T Run<T>(CliContext context, bool quiet, SamplerOptions? sampler, Func<IProgress<ChainProgress>?, T> work)
    {
        if (quiet || sampler is null || !context.Interactive)
        {
            return work(null);
        }

        var result = default(T)!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var total = sampler.Warmup + sampler.Draws;
                var tasks = Enumerable.Range(0, sampler.Chains)
                    .Select(c => ctx.AddTask($"chain {c + 1} warmup", maxValue: total))
                    .ToArray();
                result = work(new ChainBars(tasks));
            });
        return result;
    }

    private sealed class ChainBars(ProgressTask[] tasks) : IProgress<ChainProgress>
    {
        public void Report(ChainProgress value)
        {
            var task = tasks[value.Chain];
            task.Value = value.Iteration;
            var phase = value.IsWarmup ? "warmup" : "sampling";
            var divergences = value.Divergences > 0 ? $" [yellow]{value.Divergences} divergent[/]" : string.Empty;
            task.Description = $"chain {value.Chain + 1} {phase}{divergences}";
        }
    }
}
