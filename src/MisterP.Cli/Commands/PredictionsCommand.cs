using System.CommandLine;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp predictions DIR [--conditional x,g] [--average-by g]</c> (SPEC §2; Bambi interpret.predictions, marginaleffects predictions).</summary>
internal static class PredictionsCommand
{
    public static Command Create(CliContext context)
    {
        var shared = new InterpretationCliOptions();
        var command = new Command(
            "predictions",
            "Predictions of a fit on a grid (--conditional) or over data, with posterior (or Wald, for ml fits) intervals. Which group-level effects count: see --group-effects.");
        shared.AddTo(command);
        command.SetAction(parse => shared.Run(context, parse, (fit, options, data) => fit.Predictions(options, data, context.Cancellation)));
        return command;
    }
}
