using System.CommandLine;
using MisterP.Checking;
using MisterP.Output;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary>
/// <c>mrp kfold DIR [DIR…] --by state</c>: leave-one-group-out or grouped K-fold cross-validation by refitting from the
/// fit folders' stored cells, and for several fits loo_compare's elpd_diff and se_diff.
/// </summary>
internal static class KfoldCommand
{
    public static Command Create(CliContext context)
    {
        var fits = new Argument<string[]>("DIR") { Description = "Fit folders (several to compare them).", Arity = ArgumentArity.OneOrMore };
        var by = new Option<string>("--by") { Description = "Grouping factor whose levels are held out (a group term of the model, e.g. state).", Required = true };
        var folds = new Option<int?>("--folds") { Description = "Number of folds of whole levels (default: one per level, leave-one-group-out)." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the folds, the refits and the held-out groups' fresh effects (default: the fit's seed)." };
        var chains = new Option<int?>("--chains") { Description = "Chains per refit (default: the fit's)." };
        var warmup = new Option<int?>("--warmup") { Description = "Warmup iterations per chain of each refit (default: the fit's)." };
        var draws = new Option<int?>("--draws") { Description = "Kept draws per chain of each refit (default: the fit's)." };
        var threads = new Option<int?>("--threads") { Description = "Threads for each refit's chains (never changes the result)." };
        var unit = new Option<string>("--unit")
        {
            Description = "respondent (default): the held-out elpd per respondent (data row); cell: per cell, its binomial log density.",
            DefaultValueFactory = _ => "respondent",
        };
        var format = new Option<string>("--format") { Description = "table|json printed to standard output.", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--out", "-o") { Description = "Also write FILE.csv (pointwise values) or FILE.json (estimates, comparison and pointwise values)." };
        var command = new Command("kfold", "K-fold cross-validation over whole groups by refitting (leave-one-group-out by default), with loo_compare's table for several fits.");
        command.Arguments.Add(fits);
        foreach (var option in new Option[] { by, folds, seed, chains, warmup, draws, threads, unit, format, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var formatName = parse.GetValue(format)!.Trim().ToLowerInvariant();
            if (formatName is not ("table" or "json"))
            {
                throw new UserInputException($"--format '{formatName}' is not known; use table or json.");
            }

            if (parse.GetValue(output) is { } file && Path.GetExtension(file).ToLowerInvariant() is not (".csv" or ".json"))
            {
                throw new UserInputException($"--out '{file}' must end in .csv (pointwise values) or .json (everything).");
            }

            if (parse.GetValue(threads) is < 1)
            {
                throw new UserInputException("--threads must be at least 1.");
            }

            var options = new KfoldOptions
            {
                By = parse.GetValue(by)!,
                Folds = parse.GetValue(folds),
                Seed = parse.GetValue(seed),
                Chains = parse.GetValue(chains),
                Warmup = parse.GetValue(warmup),
                Draws = parse.GetValue(draws),
                Threads = parse.GetValue(threads),
                Unit = parse.GetValue(unit)!.Trim().ToLowerInvariant() switch
                {
                    "respondent" or "respondents" or "row" or "rows" => LooUnit.Respondent,
                    "cell" or "cells" => LooUnit.Cell,
                    var other => throw new UserInputException($"--unit '{other}' is not known; use respondent or cell."),
                },
            };
            var progress = new SynchronousProgress<KfoldProgress>(p =>
            {
                if (!Console.IsErrorRedirected)
                {
                    context.Error.Write($"\r{p.Model}: fold {p.Fold}/{p.Folds} refitted{(p.Fold == p.Folds ? Environment.NewLine : "")}");
                }
            });
            var results = FitKfold.Run(parse.GetValue(fits)!, options, progress, context.Cancellation);
            var comparison = results.Count > 1 ? FitKfold.Compare(results) : null;
            var kfolds = results.Select(r => r.Result).ToList();
            if (parse.GetValue(output) is { } path)
            {
                KfoldFiles.Write(path, kfolds, comparison);
            }

            if (formatName == "json")
            {
                KfoldFiles.WriteJson(context.Output, kfolds, comparison, pointwise: false);
            }
            else
            {
                KfoldTable.Print(context.Output, kfolds, comparison);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
