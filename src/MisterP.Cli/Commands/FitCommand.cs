using System.CommandLine;
using MisterP.Design;
using MisterP.Families;
using MisterP.Inference;
using MisterP.Output;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp fit DATA --formula F --out DIR</c> (SPEC §2).</summary>
internal static class FitCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Argument<string>("DATA")
        {
            Description = "CSV or Parquet file, or duckdb:FILE?query=SQL, duckdb:?query=SQL, sqlite:FILE?query=SQL.",
        };
        var formula = new Option<string>("--formula", "-f") { Description = "Model formula, e.g. \"y ~ male + (1|state)\".", Required = true };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder for model.json, summary.csv, draws.csv (required unless --check)." };
        var check = new Option<bool>("--check")
        {
            Description = "Check the formula, data, design and priors and print the model's shape, without fitting or writing anything.",
        };
        var family = new Option<string?>("--family") { Description = "bernoulli|binomial|gaussian|poisson|negbinomial|cumulative|categorical|multinomial (default: from the response; cbind(A, B, C, …) gives multinomial)." };
        var link = new Option<string?>("--link") { Description = "identity|log|logit|probit|cloglog (default: the family's usual link)." };
        var method = new Option<string>("--method") { Description = "nuts|laplace|ml.", DefaultValueFactory = _ => "nuts" };
        var sampler = new SamplerCliOptions();
        var priors = new Option<string[]>("--prior") { Description = "Prior override \"TARGET ~ DIST\" (repeatable), e.g. \"sd_state ~ exponential(2)\"." };
        var levels = new Option<string[]>("--levels") { Description = "Order of a factor's levels, VAR=\"a,b,c\" (repeatable; the first is the reference level; an ordered outcome's categories)." };
        var adjacency = new Option<string[]>("--adjacency") { Description = "NAME=FILE: the edge-list CSV that brms's car(NAME, gr = g, type = \"bym2\") refers to (repeatable)." };
        var levelsFrame = new Option<string?>("--frame") { Description = "Population frame whose levels of structured terms' columns (rw1, bym2, …) join the model's levels: areas or months without respondents are modelled." };
        var symmetrize = new Option<bool>("--symmetrize") { Description = "Accept adjacency rows listed in one direction only as undirected edges." };
        var noAggregate = new Option<bool>("--no-aggregate") { Description = "Keep rows as they are (do not collapse identical predictor rows into cells)." };
        var joins = new JoinCliOptions();
        var recode = new RecodeCliOption("CSV variable,from,to: recode values (or intervals [18,30)) of the data before fitting; saved in model.json so poststrat recodes the frame alike.");
        var priorOnly = new Option<bool>("--prior-only")
        {
            Description = "Sample the prior alone (the same model without its likelihood) for prior predictive checks, e.g. mrp plot DIR ppc; every prior must be proper.",
        };
        var cmdstan = new Option<bool>("--cmdstan-csv") { Description = "Also write output_1.csv … output_K.csv in CmdStan's format." };
        var overwrite = CommonOptions.Overwrite();
        var quiet = CommonOptions.Quiet();

        var command = new Command("fit", "Fit a (multilevel) regression model and write the fit folder.");
        command.Arguments.Add(data);
        foreach (var option in new Option[] { formula, output, check, family, link, method, priors, levels, adjacency, symmetrize, levelsFrame, noAggregate, priorOnly, cmdstan, overwrite, quiet })
        {
            command.Options.Add(option);
        }

        sampler.AddTo(command);
        joins.AddTo(command);
        recode.AddTo(command);
        command.SetAction(parse =>
        {
            var outDir = parse.GetValue(output);
            var checkOnly = parse.GetValue(check);
            if (outDir is null && !checkOnly)
            {
                throw new UserInputException("mrp fit needs --out DIR, the folder to write the fit to (or --check to check the model without fitting).");
            }

            // Before any work: the folder must be new or MisterP's own, and never hold the data (issue 12).
            var joined = joins.Read(parse);
            if (outDir is not null)
            {
                new OutputGuard(parse.GetValue(overwrite), joined.Select(j => j.File).Prepend(parse.GetValue(data))).Folder(outDir);
            }

            var options = new FitOptions
            {
                Family = parse.GetValue(family) is { } f ? FamilyNames.ParseFamily(f) : null,
                Link = parse.GetValue(link) is { } l ? FamilyNames.ParseLink(l) : null,
                Method = ParseMethod(parse.GetValue(method)!),
                Sampler = sampler.Read(parse),
                Priors = parse.GetValue(priors) ?? [],
                Aggregate = !parse.GetValue(noAggregate),
                PriorOnly = parse.GetValue(priorOnly),
                Joins = joined,
                Recode = recode.Read(parse),
                LevelOrder = parse.GetValue(levels) is { Length: > 0 } given ? LevelOrders.Parse(given) : null,
                Adjacency = AdjacencyBindings(parse.GetValue(adjacency) ?? []),
                Symmetrize = parse.GetValue(symmetrize),
                LevelsFrame = parse.GetValue(levelsFrame),
            };
            if (checkOnly)
            {
                FitCheckReport.Print(context, Mrp.Check(parse.GetValue(data)!, parse.GetValue(formula)!, options));
                return ExitCodes.Success;
            }

            var fit = ProgressDisplay.Run(context, parse.GetValue(quiet),
                live => Mrp.Fit(parse.GetValue(data)!, parse.GetValue(formula)!, options, live?.Chains, context.Cancellation));
            fit.Save(outDir!, parse.GetValue(overwrite), parse.GetValue(cmdstan), context.Cancellation);
            FitReport.Print(context, fit, outDir!, parse.GetValue(quiet));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, string>? AdjacencyBindings(string[] specs)
    {
        if (specs.Length == 0)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var equals = spec.IndexOf('=');
            if (equals <= 0 || equals == spec.Length - 1)
            {
                throw new UserInputException($"--adjacency '{spec}' is not NAME=FILE; write e.g. --adjacency W=us_state_adjacency.csv for car(W, gr = state, type = \"bym2\").");
            }

            if (!result.TryAdd(spec[..equals].Trim(), spec[(equals + 1)..].Trim()))
            {
                throw new UserInputException($"--adjacency gives '{spec[..equals].Trim()}' twice; bind each name once.");
            }
        }

        return result;
    }

    private static FitMethod ParseMethod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "nuts" or "mcmc" => FitMethod.Nuts,
        "laplace" => FitMethod.Laplace,
        "ml" or "mle" or "ols" => FitMethod.Ml,
        _ => throw new UserInputException($"--method '{text}' is not known. Use nuts (full Bayes), laplace (fast approximation) or ml (maximum likelihood)."),
    };
}
