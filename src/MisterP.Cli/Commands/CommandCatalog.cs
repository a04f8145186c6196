using System.CommandLine;

namespace MisterP.Cli.Commands;

/// <summary>Every <c>mrp</c> subcommand, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliContext context) =>
    [
        FitCommand.Create(context),
        SummaryCommand.Create(context),
        LooCommand.Create(context),
        KfoldCommand.Create(context),
        PoststratCommand.Create(context),
        CompareCommand.Create(context),
        PredictionsCommand.Create(context),
        ComparisonsCommand.Create(context),
        SlopesCommand.Create(context),
        PlotCommand.Create(context),
        ReportCommand.Create(context),
        SimulateCommand.Create(context),
        DemoCommand.Create(context),
        FrameCommand.Create(context),
        BatchCommand.Create(context),
    ];
}
