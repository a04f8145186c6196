using System.CommandLine;
using MisterP.Checking;
using MisterP.Output;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary>
/// <c>mrp loo DIR [DIR…]</c> and <c>mrp loo --log-lik FILE.csv</c>: PSIS-LOO and WAIC as R's loo 2.5.1, and for several
/// fits loo_compare's table and model weights.
/// </summary>
internal static class LooCommand
{
    public static Command Create(CliContext context)
    {
        var fits = new Argument<string[]>("DIR") { Description = "Fit folders (several to compare them).", Arity = ArgumentArity.ZeroOrMore };
        var logLik = new Option<string[]>("--log-lik")
        {
            Description = "A pointwise log-likelihood CSV instead of a fit (repeatable): one row per draw, one column per observation; " +
                          "a 'draw' column is ignored and a 'chain' column (or --chains) gives r_eff, else r_eff = 1.",
        };
        var chains = new Option<string?>("--chains") { Description = "The chain column of the --log-lik files (default: 'chain' when present)." };
        var unit = new Option<string>("--unit")
        {
            Description = "respondent (default): one pointwise value per respondent (data row); a binomial cell's respondents with y = 1 share " +
                          "log p and those with y = 0 share log(1 − p). cell: one value per cell, its binomial log density including " +
                          "log C(n, y) as brms's log_lik does.",
            DefaultValueFactory = _ => "respondent",
        };
        var weights = new Option<string>("--weights") { Description = "Model weights for several fits: stacking|pseudo-bma|pseudo-bma+ (Bayesian bootstrap, seeded).", DefaultValueFactory = _ => "stacking" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the pseudo-bma+ Bayesian bootstrap.", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "table|csv|json printed to standard output.", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--out", "-o") { Description = "Also write the results to FILE (.csv or .json)." };
        var pointwise = new Option<string?>("--pointwise") { Description = "Write every pointwise value (elpd_loo, p_loo, Pareto k, r_eff, …) to FILE.csv." };
        var command = new Command("loo", "PSIS-LOO and WAIC of fits (as R's loo 2.5.1), with loo_compare's table and model weights for several.");
        command.Arguments.Add(fits);
        foreach (var option in new Option[] { logLik, chains, unit, weights, seed, format, output, pointwise })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var dirs = parse.GetValue(fits) ?? [];
            var files = parse.GetValue(logLik) ?? [];
            if (dirs.Length == 0 && files.Length == 0)
            {
                throw new UserInputException("Give fit folders (mrp loo DIR [DIR…]) or --log-lik FILE.csv.");
            }

            if (dirs.Length > 0 && files.Length > 0)
            {
                throw new UserInputException("Give either fit folders or --log-lik files, not both: their pointwise values cannot be matched.");
            }

            var method = ParseWeights(parse.GetValue(weights)!);
            IReadOnlyList<ModelLoo> models = dirs.Length > 0
                ? FitChecking.Loo(dirs, ParseUnit(parse.GetValue(unit)!))
                : files.Select(f =>
                {
                    var matrix = LogLikelihoodCsv.Read(f, parse.GetValue(chains));
                    return new ModelLoo(Path.GetFileNameWithoutExtension(f), PsisLoo.Compute(matrix), Waic.Compute(matrix), "column");
                }).ToList();
            var analysis = LooAnalysis.Of(models, method, parse.GetValue(seed));
            if (parse.GetValue(output) is { } file)
            {
                LooFiles.Write(file, analysis);
            }

            if (parse.GetValue(pointwise) is { } pointwiseFile)
            {
                LooFiles.WritePointwise(pointwiseFile, analysis.Models);
            }

            switch (parse.GetValue(format)!.Trim().ToLowerInvariant())
            {
                case "table":
                    LooTable.Print(context.Output, analysis);
                    break;
                case "csv":
                    LooFiles.WriteCsv(context.Output, analysis);
                    break;
                case "json":
                    LooFiles.WriteJson(context.Output, analysis);
                    break;
                case var other:
                    throw new UserInputException($"--format '{other}' is not known; use table, csv or json.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static LooUnit ParseUnit(string value) => value.Trim().ToLowerInvariant() switch
    {
        "respondent" or "respondents" or "row" or "rows" => LooUnit.Respondent,
        "cell" or "cells" => LooUnit.Cell,
        var other => throw new UserInputException($"--unit '{other}' is not known; use respondent or cell."),
    };

    private static WeightMethod ParseWeights(string value) => value.Trim().ToLowerInvariant() switch
    {
        "stacking" => WeightMethod.Stacking,
        "pseudo-bma" or "pseudobma" => WeightMethod.PseudoBma,
        "pseudo-bma+" or "pseudobma+" => WeightMethod.PseudoBmaPlus,
        var other => throw new UserInputException($"--weights '{other}' is not known; use stacking, pseudo-bma or pseudo-bma+."),
    };
}
