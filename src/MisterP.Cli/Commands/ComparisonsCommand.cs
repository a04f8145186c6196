using System.CommandLine;
using MisterP.Interpretation;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp comparisons DIR --contrast "eth=Black,White" [--conditional age,educ]</c> (SPEC §2; marginaleffects comparisons).</summary>
internal static class ComparisonsCommand
{
    public static Command Create(CliContext context)
    {
        var contrast = new Option<string>("--contrast")
        {
            Description = "VAR=A,B: the difference B − A of predictions, per draw (more values: each minus the first). VAR alone: every level minus the first, or a unit change (x ± ½) for a numeric VAR.",
            Required = true,
        };
        var shared = new InterpretationCliOptions();
        var command = new Command(
            "comparisons",
            "Differences of predictions between values of a variable, on a grid or over data, with posterior (or delta-method) intervals. Which group-level effects count: see --group-effects.");
        command.Options.Add(contrast);
        shared.AddTo(command);
        command.SetAction(parse => shared.Run(context, parse, (fit, options, data) =>
            fit.Comparisons(VariableValues.Parse(parse.GetValue(contrast)!, "--contrast"), options, data, context.Cancellation)));
        return command;
    }
}
