using System.Globalization;
using MisterP.Inference;
using MisterP.Poststrat;
using Spectre.Console;

namespace MisterP.Cli;

/// <summary>
/// Live progress on a terminal only (SPEC §2: quiet when output is redirected or with --quiet): a bar per chain
/// while sampling and a bar for post-stratification, each appearing when its work first reports, with status lines
/// printed above the bars. The bars vanish when the work ends.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with live bars, or with null (no display) when quiet or not on a terminal.</summary>
    public static T Run<T>(CliContext context, bool quiet, Func<LiveProgress?, T> work)
    {
        if (quiet || !context.Interactive)
        {
            return work(null);
        }

        var result = default(T)!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => result = work(new LiveProgress(ctx)));
        return result;
    }
}

/// <summary>The sinks of a live display. Chains report from their own threads, so tasks are added under a lock.</summary>
internal sealed class LiveProgress
{
    private readonly ProgressContext _context;
    private readonly List<ProgressTask> _chains = [];
    private readonly Lock _lock = new();
    private ProgressTask? _poststrat;

    public LiveProgress(ProgressContext context)
    {
        _context = context;
        Chains = new SynchronousProgress<ChainProgress>(ReportChain);
        Poststrat = new SynchronousProgress<PoststratProgress>(ReportPoststrat);
    }

    public IProgress<ChainProgress> Chains { get; }

    public IProgress<PoststratProgress> Poststrat { get; }

    /// <summary>A status line above the bars (written through Spectre so the live display stays intact).</summary>
    public void WriteLine(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    private void ReportChain(ChainProgress value)
    {
        ProgressTask task;
        lock (_lock)
        {
            while (_chains.Count <= value.Chain)
            {
                _chains.Add(_context.AddTask($"chain {_chains.Count + 1} warmup", maxValue: value.TotalIterations));
            }

            task = _chains[value.Chain];
        }

        task.Value = value.Iteration;
        var phase = value.IsWarmup ? "warmup" : "sampling";
        var divergences = value.Divergences > 0 ? $" [yellow]{value.Divergences} divergent[/]" : string.Empty;
        task.Description = $"chain {value.Chain + 1} {phase}{divergences}";
    }

    private void ReportPoststrat(PoststratProgress value)
    {
        ProgressTask task;
        lock (_lock)
        {
            _poststrat ??= _context.AddTask(
                $"post-stratifying {value.TotalCells.ToString("N0", CultureInfo.InvariantCulture)} cells", maxValue: Math.Max(1, value.TotalCells));
            task = _poststrat;
        }

        task.Value = value.CellsDone;
    }
}
