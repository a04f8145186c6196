using System.CommandLine;

namespace MisterP.Cli.Commands;

/// <summary>Every <c>mrp</c> subcommand, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    /// <summary>Each subcommand's name with the factory that builds it.</summary>
    public static IReadOnlyList<(string Name, Func<CliContext, Command> Create)> Entries { get; } =
    [
        ("fit", FitCommand.Create),
        ("summary", SummaryCommand.Create),
        ("loo", LooCommand.Create),
        ("kfold", KfoldCommand.Create),
        ("poststrat", PoststratCommand.Create),
        ("compare", CompareCommand.Create),
        ("predictions", PredictionsCommand.Create),
        ("comparisons", ComparisonsCommand.Create),
        ("slopes", SlopesCommand.Create),
        ("plot", PlotCommand.Create),
        ("report", ReportCommand.Create),
        ("simulate", SimulateCommand.Create),
        ("demo", DemoCommand.Create),
        ("frame", FrameCommand.Create),
        ("batch", BatchCommand.Create),
    ];

    public static IEnumerable<Command> Create(CliContext context) => Entries.Select(e => e.Create(context));

    /// <summary>
    /// The commands a run needs: only the named one when the first argument names a subcommand (building all of
    /// them is JIT work a short command pays for nothing: bench/RESULTS.md, issue 16), otherwise every one, so help,
    /// root options and "did you mean" suggestions see the whole catalog.
    /// </summary>
    public static IEnumerable<Command> For(IReadOnlyList<string> args, CliContext context)
    {
        var named = args.Count > 0 ? Entries.FirstOrDefault(e => e.Name == args[0]) : default;
        return named.Create is null ? Create(context) : [named.Create(context)];
    }
}
