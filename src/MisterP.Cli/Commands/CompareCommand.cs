using System.CommandLine;
using MisterP.Compare;
using MisterP.Data;
using MisterP.Output;
using MisterP.Poststrat;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp compare EST.csv [--raw SAMPLE --outcome y] [--truth TRUTH --truth-column c] --by state --out CMP.csv</c>.</summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var estimates = new Argument<string>("EST") { Description = "Estimates CSV written by mrp poststrat." };
        var by = new Option<string>("--by") { Description = "The grouping set to compare (as given to poststrat, e.g. state).", Required = true };
        var raw = new Option<string?>("--raw") { Description = "The survey sample, for raw (unweighted) group means." };
        var outcome = new Option<string?>("--outcome") { Description = "Outcome column of --raw (0/1 or numeric)." };
        var truth = new Option<string?>("--truth") { Description = "File with the true value per group." };
        var truthColumn = new Option<string>("--truth-column") { Description = "Column of --truth holding the truth.", DefaultValueFactory = _ => "truth" };
        var output = new Option<string?>("--out", "-o") { Description = "Comparison CSV." };
        var raking = new Option<string?>("--raking") { Description = "Population frame for a raking baseline (needs --raw, --outcome and --rake-on)." };
        var rakeOn = new Option<string?>("--rake-on") { Description = "Margins to rake to, comma-separated (e.g. eth,age,educ,male)." };
        var frameWeight = new Option<string>("--weight") { Description = "Count column of the --raking frame.", DefaultValueFactory = _ => "n" };
        var sampleWeight = new Option<string?>("--sample-weight") { Description = "Design weights of --raw (adds the survey-weighted Hájek mean; raking starts from them)." };
        var overwrite = CommonOptions.OverwriteFile();
        var command = new Command("compare", "Compare raw sample means, MRP estimates and truth per group (RMSE, MAE, bias, coverage).");
        command.Arguments.Add(estimates);
        foreach (var option in new Option[] { by, raw, outcome, truth, truthColumn, output, raking, rakeOn, frameWeight, sampleWeight, overwrite })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            new OutputGuard(parse.GetValue(overwrite), [parse.GetValue(estimates), parse.GetValue(raw), parse.GetValue(truth), parse.GetValue(raking)])
                .File(parse.GetValue(output), OutputKind.Comparison);
            var set = GroupingSet.Parse(parse.GetValue(by)!);
            IReadOnlyList<RawEstimate>? rawMeans = null;
            var baselines = new Dictionary<string, IReadOnlyList<BaselineEstimate>>(StringComparer.Ordinal);
            if (parse.GetValue(raw) is { } rawPath)
            {
                var y = parse.GetValue(outcome) ?? throw new UserInputException("--raw needs --outcome COLUMN (the survey's outcome).");
                using var sample = TableSources.Open(rawPath);
                rawMeans = RawEstimates.Compute(sample, y, set);
                var weight = parse.GetValue(sampleWeight);
                if (weight is not null)
                {
                    baselines["weighted"] = Raking.Estimate(sample, null, set, new RakingOptions([], y, weight) { SampleWeight = weight }).Estimates;
                }

                if (parse.GetValue(raking) is { } framePath)
                {
                    var margins = parse.GetValue(rakeOn)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        ?? throw new UserInputException("--raking needs --rake-on with the margins to match, e.g. --rake-on eth,age,educ,male.");
                    using var frameSource = TableSources.Open(framePath);
                    var raked = Raking.Estimate(sample, frameSource, set, new RakingOptions(margins, y, parse.GetValue(frameWeight)!) { SampleWeight = weight });
                    baselines["raking"] = raked.Estimates;
                    foreach (var w in raked.Warnings)
                    {
                        context.Error.WriteLine($"Warning: {w}");
                    }
                }
            }
            else if (parse.GetValue(raking) is not null)
            {
                throw new UserInputException("--raking needs the sample: add --raw SAMPLE.csv --outcome COLUMN.");
            }

            using var est = TableSources.Open(parse.GetValue(estimates)!);
            using var truthSource = parse.GetValue(truth) is { } t ? TableSources.Open(t) : null;
            var rows = ComparisonBuilder.Build(est, set, rawMeans, truthSource, parse.GetValue(truthColumn)!, baselines);
            var summary = ComparisonSummary.Of(rows);
            if (parse.GetValue(output) is { } path)
            {
                ComparisonCsv.Write(path, set, rows);
            }

            CompareReport.Print(context, set, rows, summary, ComparisonBuilder.IntervalOf(est));
            return ExitCodes.Success;
        });
        return command;
    }
}
