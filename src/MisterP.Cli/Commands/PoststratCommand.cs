using System.CommandLine;
using MisterP.Data;
using MisterP.Output;
using MisterP.Poststrat;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp poststrat DIR --frame FRAME --weight n --by state --out EST.csv</c> (SPEC §2).</summary>
internal static class PoststratCommand
{
    public static Command Create(CliContext context)
    {
        var fit = new Argument<string[]>("DIR") { Description = "Fit folder written by mrp fit (several with --stack).", Arity = ArgumentArity.OneOrMore };
        var stack = new Option<bool>("--stack")
        {
            Description = "Post-stratify the stack of several fits: draws from their mixture with stacking weights (from the fits' PSIS-LOO, as mrp loo computes them, or --weights), so the estimate is the model average; R-hat of mixed draws is NA.",
        };
        var stackWeights = new Option<string?>("--weights") { Description = "With --stack: the models' weights from a CSV written by mrp loo --out (weight_* rows), or with model,weight columns." };
        var frame = new Option<string>("--frame") { Description = "Population frame: one row per cell (CSV, Parquet, duckdb:, sqlite:).", Required = true };
        var weight = new Option<string>("--weight", "-w") { Description = "Frame column with each cell's population count.", DefaultValueFactory = _ => "n" };
        var by = new Option<string[]>("--by") { Description = "Grouping set, comma-separated (repeatable; '' = whole population).", DefaultValueFactory = _ => [""] };
        var output = new Option<string>("--out", "-o") { Description = "Estimates CSV (long format).", Required = true };
        var kind = new Option<string>("--kind") { Description = "epred (expected value) or pps (posterior predictive).", DefaultValueFactory = _ => "epred" };
        var interval = new Option<double>("--interval") { Description = "Central interval probability.", DefaultValueFactory = _ => 0.9 };
        var drawsOut = new Option<string?>("--draws-out") { Description = "Also write per-draw group estimates (and contrasts) to FILE (.csv or .parquet)." };
        var contrast = new Option<string[]>("--contrast")
        {
            Description = "Per-draw contrast between two groups of a --by set, e.g. \"state=CA,TX\" (posterior of CA − TX; repeatable).",
            DefaultValueFactory = _ => [],
        };
        var finite = new Option<bool>("--finite-population")
        {
            Description = "Respondents are a large share of the population: use their observed outcomes and predict only the rest of each cell (frame count − respondents).",
        };
        var allowNew = new Option<bool>("--allow-new-levels")
        {
            Description = "Accept frame levels the fit never saw (effects drawn from their group's distribution); without it such a frame is refused, since a new level is usually a spelling or coding mismatch.",
        };
        var score = new Option<string?>("--score") { Description = "Ordinal fits: the value of each category for the mean, lowest first, e.g. \"1,2,3,4,5\" (default: the integer categories)." };
        var top = new Option<int?>("--top") { Description = "Ordinal fits: also the share in the top K categories (e.g. --top 2: P(4 or 5) on a 1–5 scale)." };
        var nps = new Option<bool>("--nps") { Description = "Ordinal fits of a 0–10 item: also the net promoter score, % 9–10 minus % 0–6 (−100 to 100)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed for new-level effects and pps draws.", DefaultValueFactory = _ => 1UL };
        var fitData = CommonOptions.FitData();
        var trustFit = CommonOptions.TrustFit();
        var joins = new JoinCliOptions();
        var recode = new RecodeCliOption("CSV variable,from,to: further recodes of the frame, after the fit's own (which model.json carries and are always applied).");
        var quiet = CommonOptions.Quiet();
        var overwrite = CommonOptions.OverwriteFile();
        var command = new Command("poststrat", "Post-stratify a fit over a population frame: estimates with intervals per group.");
        command.Arguments.Add(fit);
        foreach (var option in new Option[] { frame, weight, by, output, kind, interval, contrast, finite, allowNew, drawsOut, score, top, nps, seed, stack, stackWeights, fitData, trustFit, overwrite, quiet })
        {
            command.Options.Add(option);
        }

        joins.AddTo(command);
        recode.AddTo(command);
        command.SetAction(parse =>
        {
            // Before any work: never write over the fit, the frame or a file MisterP did not write (issue 12).
            var joined = joins.Read(parse);
            var dirs = parse.GetValue(fit)!;
            var stacked = parse.GetValue(stack);
            if (dirs.Length > 1 && !stacked)
            {
                throw new UserInputException($"{dirs.Length} fit folders were given; post-stratify one fit, or add --stack to post-stratify the stack of them.");
            }

            if (stacked && dirs.Length < 2)
            {
                throw new UserInputException("--stack needs at least two fit folders (mrp poststrat DIR1 DIR2 … --stack).");
            }

            if (!stacked && parse.GetValue(stackWeights) is not null)
            {
                throw new UserInputException("--weights (the models' stacking weights) needs --stack; the frame's count column is --weight.");
            }

            var guard = new OutputGuard(parse.GetValue(overwrite), joined.Select(j => j.File).Prepend(parse.GetValue(fitData)).Prepend(parse.GetValue(frame)).Concat(dirs));
            guard.File(parse.GetValue(output), OutputKind.Estimates);
            guard.File(parse.GetValue(drawsOut), OutputKind.EstimateDraws, "--draws-out");
            var access = new FitDataAccess
            {
                DataSpec = parse.GetValue(fitData),
                TrustRecordedSpec = parse.GetValue(trustFit),
            };
            var options = new PoststratOptions
            {
                Weight = parse.GetValue(weight)!,
                By = parse.GetValue(by)!.Select(GroupingSet.Parse).Distinct(new SetComparer()).ToList(),
                Kind = parse.GetValue(kind)!.Trim().ToLowerInvariant() switch
                {
                    "epred" => PredictionKind.Epred,
                    "pps" or "predict" => PredictionKind.Pps,
                    var k => throw new UserInputException($"--kind '{k}' is not known; use epred or pps."),
                },
                Interval = parse.GetValue(interval),
                Seed = parse.GetValue(seed),
                Contrasts = parse.GetValue(contrast)!.Select(GroupContrast.Parse).ToList(),
                FinitePopulation = parse.GetValue(finite),
                AllowNewLevels = parse.GetValue(allowNew),
                KeepDraws = parse.GetValue(drawsOut) is not null,
                Scores = parse.GetValue(score) is { } scores ? ScoreCliOption.Parse(scores) : null,
                Top = parse.GetValue(top),
                Nps = parse.GetValue(nps),
            };
            var recodes = recode.Read(parse);
            var (loaded, opened) = FitsAndFrame.Open(dirs, fitRecode => TableSources.Open(parse.GetValue(frame)!, joined, fitRecode.Then(recodes)));
            using var source = opened;
            var fits = loaded.Select(f =>
            {
                FitLoading.PrintNotes(context, f.Notes);
                return f.WithDataAccess(access);
            }).ToList();
            var saved = fits[0];
            PoststratResult result;
            if (stacked)
            {
                var names = FitStacking.Names(dirs);
                FitStacking.CheckStackable(fits, names, source);
                var weights = parse.GetValue(stackWeights) is { } file ? FitStacking.ReadWeights(file, names) : FitStacking.ComputeWeights(dirs);
                result = FitStacking.Poststratify(fits, weights, source, options, context.Cancellation);
                if (!parse.GetValue(quiet))
                {
                    context.Output.WriteLine($"Stack of {fits.Count} fits, weights {(parse.GetValue(stackWeights) is { } w ? $"from {w}" : "by stacking of their PSIS-LOO")}: " +
                                             string.Join(", ", names.Select((n, i) => $"{n} {weights[i].ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}")) +
                                             $"; {result.DrawCount} draws of the mixture (R-hat NA).");
                }
            }
            else
            {
                result = ProgressDisplay.Run(context, parse.GetValue(quiet),
                    live => saved.Poststratify(source, options, live?.Poststrat, context.Cancellation));
            }

            context.Cancellation.ThrowIfCancellationRequested();
            EstimatesCsv.Write(parse.GetValue(output)!, result);
            if (parse.GetValue(drawsOut) is { } draws)
            {
                EstimatesCsv.WriteDraws(draws, result);
            }

            if (!parse.GetValue(quiet))
            {
                PoststratReport.Print(context, result, parse.GetValue(output)!);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private sealed class SetComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y) => x!.SequenceEqual(y!);

        public int GetHashCode(IReadOnlyList<string> obj) => string.Join(",", obj).GetHashCode(StringComparison.Ordinal);
    }
}
