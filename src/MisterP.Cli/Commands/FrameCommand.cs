using System.CommandLine;
using MisterP.Data;
using MisterP.Poststrat;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp frame check|rake</c>: building and checking the post-stratification frame (issue 13).</summary>
internal static class FrameCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("frame", "Check a post-stratification frame against a fit or sample, or build one from margins.");
        command.Subcommands.Add(Check(context));
        return command;
    }

    private static Command Check(CliContext context)
    {
        var first = new Argument<string>("SAMPLE|FIT_DIR") { Description = "A fit folder written by mrp fit, or the sample (then --formula is required)." };
        var frame = new Argument<string>("FRAME") { Description = "Population frame: one row per cell (CSV, Parquet, duckdb:, sqlite:)." };
        var formula = new Option<string?>("--formula", "-f") { Description = "Model formula, when the first argument is a sample." };
        var weight = new Option<string>("--weight", "-w") { Description = "Frame column with each cell's population count.", DefaultValueFactory = _ => "n" };
        var joins = new JoinCliOptions(); // joined to the frame (the sample, like mrp fit's data, carries its own)
        var command = new Command("check", "Compare a frame's columns, levels and numeric ranges with what the fit saw; exit 0 when compatible, 2 on a mismatch.");
        command.Arguments.Add(first);
        command.Arguments.Add(frame);
        command.Options.Add(formula);
        command.Options.Add(weight);
        joins.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(first)!;
            var join = joins.Read(parse);
            using var population = TableSources.Open(parse.GetValue(frame)!, join);
            FrameCheckResult result;
            string? note = null;
            if (File.Exists(Path.Combine(path, "model.json")))
            {
                if (parse.GetValue(formula) is not null)
                {
                    throw new UserInputException($"'{path}' is a fit folder, which knows its formula: drop --formula (or give the sample file instead).");
                }

                result = FrameCompatibility.ForFit(SavedFit.Load(path), population, parse.GetValue(weight)!, out note);
            }
            else
            {
                var f = parse.GetValue(formula) ?? throw new UserInputException(
                    $"'{path}' is not a fit folder (no model.json), so it is read as the sample: give its model with --formula \"y ~ …\".");
                using var sample = TableSources.Open(path, join);
                result = FrameCompatibility.ForSample(sample, f, population, parse.GetValue(weight)!);
            }

            if (note is not null)
            {
                context.Output.WriteLine("Note: " + note);
            }

            var report = FrameCheckText.Report(result).ToList();
            foreach (var line in report)
            {
                context.Output.WriteLine(line);
            }

            if (!result.Compatible)
            {
                context.Error.WriteLine(report[^1]);
            }

            return result.Compatible ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }
}
