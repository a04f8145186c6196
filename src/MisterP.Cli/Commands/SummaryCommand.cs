using System.CommandLine;
using MisterP.Posterior;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp summary DIR | FILE...</c>: summary and diagnostics of a saved fit or of CmdStan CSV files (like stansummary).</summary>
internal static class SummaryCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "A fit folder, a draws.csv, or CmdStan CSV files (one per chain).", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "table|csv|json printed to standard output.", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--out", "-o") { Description = "Also write the full summary to FILE (.csv or .json)." };
        var maxDepth = new Option<int>("--max-treedepth") { Description = "Tree depth counted as saturated (CmdStan files; fit folders know theirs).", DefaultValueFactory = _ => 10 };
        var overwrite = CommonOptions.OverwriteFile();
        var interval = new Option<double>("--interval")
        {
            Description = "Central interval probability of the quantile columns: q5/q95 at 0.9, q2.5/q97.5 at 0.95.",
            DefaultValueFactory = _ => 0.9,
        };
        var command = new Command("summary", "Print the posterior summary and sampler diagnostics of a fit or of CmdStan CSV files.");
        command.Arguments.Add(paths);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(maxDepth);
        command.Options.Add(overwrite);
        command.Options.Add(interval);
        command.SetAction(parse =>
        {
            // Checked before reading the draws, so a bad level fails fast.
            IntervalLevel.Check(parse.GetValue(interval));
            new Output.OutputGuard(parse.GetValue(overwrite), parse.GetValue(paths)!).File(parse.GetValue(output), Output.OutputKind.Summary);
            var loaded = SavedDraws.Load(parse.GetValue(paths)!, parse.GetValue(maxDepth));
            FitLoading.PrintNotes(context, loaded.Notes);
            var summary = Diagnostics.Summarize(loaded.Draws, parse.GetValue(interval));
            var sampler = SamplerDiagnostics.From(loaded.Draws, loaded.MaxTreeDepth);
            if (parse.GetValue(output) is { } file)
            {
                Output.SummaryFiles.Write(file, summary, sampler);
            }

            switch (parse.GetValue(format)!.Trim().ToLowerInvariant())
            {
                case "table":
                    SummaryTable.Print(context, loaded, summary, sampler);
                    if (parse.GetValue(paths) is [var folder])
                    {
                        foreach (var line in StructuredTermsText.Describe(folder))
                        {
                            context.Output.WriteLine("Structured term " + line);
                        }
                    }

                    break;
                case "csv":
                    Output.SummaryCsv.WriteFull(context.Output, summary);
                    break;
                case "json":
                    Output.SummaryJson.Write(context.Output, summary, sampler);
                    break;
                case var other:
                    throw new UserInputException($"--format '{other}' is not known; use table, csv or json.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
