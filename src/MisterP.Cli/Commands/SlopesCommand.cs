using System.CommandLine;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp slopes DIR --wrt x [--conditional x,g]</c> (SPEC §2; marginaleffects slopes).</summary>
internal static class SlopesCommand
{
    public static Command Create(CliContext context)
    {
        var wrt = new Option<string>("--wrt")
        {
            Description = "The variable to differentiate in: a centred finite difference with step 1e-4 × its range, per draw (categorical: comparisons between its levels).",
            Required = true,
        };
        var shared = new InterpretationCliOptions();
        var command = new Command(
            "slopes",
            "Derivatives of predictions in a variable, on a grid or over data, with posterior (or delta-method) intervals. Which group-level effects count: see --group-effects.");
        command.Options.Add(wrt);
        shared.AddTo(command);
        command.SetAction(parse => shared.Run(context, parse, (fit, options, data) => fit.Slopes(parse.GetValue(wrt)!, options, data, context.Cancellation)));
        return command;
    }
}
