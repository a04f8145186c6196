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
        var truthColumn = new Option<string[]>("--truth-column")
        {
            Description = "Column of --truth holding the truth (default 'truth'); for ordinal estimates QUANTITY[:CATEGORY]=COLUMN, repeatable (mean=mean_rating, top_2=top2, share:B=pB, nps=nps).",
        };
        var output = new Option<string?>("--out", "-o") { Description = "Comparison CSV." };
        var raking = new Option<string?>("--raking") { Description = "Population frame for a raking baseline (needs --raw, --outcome and --rake-on)." };
        var rakeOn = new Option<string?>("--rake-on") { Description = "Margins to rake to, comma-separated (e.g. eth,age,educ,male)." };
        var frameWeight = new Option<string>("--weight") { Description = "Count column of the --raking frame.", DefaultValueFactory = _ => "n" };
        var sampleWeight = new Option<string?>("--sample-weight") { Description = "Design weights of --raw (adds the survey-weighted Hájek mean; raking starts from them)." };
        var score = new Option<string?>("--score") { Description = "Ordinal estimates: the category scores poststrat's --score used, for the raw mean (e.g. \"1,2,3,4,5\")." };
        var overwrite = CommonOptions.OverwriteFile();
        var command = new Command("compare", "Compare raw sample means, MRP estimates and truth per group (RMSE, MAE, bias, coverage).");
        command.Arguments.Add(estimates);
        foreach (var option in new Option[] { by, raw, outcome, truth, truthColumn, output, raking, rakeOn, frameWeight, sampleWeight, score, overwrite })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            new OutputGuard(parse.GetValue(overwrite), [parse.GetValue(estimates), parse.GetValue(raw), parse.GetValue(truth), parse.GetValue(raking)])
                .File(parse.GetValue(output), OutputKind.Comparison);
            var set = GroupingSet.Parse(parse.GetValue(by)!);
            var truthColumns = (parse.GetValue(truthColumn) ?? []).Select(TruthColumn.Parse).ToList();
            using var est = TableSources.Open(parse.GetValue(estimates)!);
            if (QuantityComparisonBuilder.HasQuantities(est))
            {
                return CompareQuantities(context, parse, est, set, truthColumns, (raw, outcome, truth, output, raking, rakeOn, frameWeight, sampleWeight, score));
            }

            if (truthColumns.Count > 1 || truthColumns.Any(t => t.Quantity is not null))
            {
                throw new UserInputException(
                    $"{est.Description} holds binary estimates (no 'quantity' column): give one --truth-column COLUMN; QUANTITY=COLUMN is for ordinal estimates.");
            }

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
                    var margins = RakeOnMargins(parse, rakeOn);
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

            using var truthSource = parse.GetValue(truth) is { } t ? TableSources.Open(t) : null;
            var rows = ComparisonBuilder.Build(est, set, rawMeans, truthSource, truthColumns.Count == 1 ? truthColumns[0].Column : "truth", baselines);
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

    /// <summary>
    /// An ordinal EST.csv: one comparison per --truth-column QUANTITY[:CATEGORY]=COLUMN, with the survey-weighted and raked
    /// baselines of each quantity when --sample-weight and --raking ask (their weights computed once for all quantities).
    /// </summary>
    private static int CompareQuantities(
        CliContext context,
        ParseResult parse,
        ITableSource est,
        IReadOnlyList<string> set,
        IReadOnlyList<TruthColumn> truthColumns,
        (Option<string?> Raw, Option<string?> Outcome, Option<string?> Truth, Option<string?> Output, Option<string?> Raking, Option<string?> RakeOn,
            Option<string> FrameWeight, Option<string?> SampleWeight, Option<string?> Score) o)
    {
        using var sample = parse.GetValue(o.Raw) is { } rawPath ? TableSources.Open(rawPath) : null;
        var outcome = sample is null ? null : parse.GetValue(o.Outcome) ?? throw new UserInputException("--raw needs --outcome COLUMN (the survey's outcome).");
        var weight = parse.GetValue(o.SampleWeight);
        var framePath = parse.GetValue(o.Raking);
        if (sample is null && (framePath is not null || weight is not null))
        {
            throw new UserInputException($"{(framePath is not null ? "--raking" : "--sample-weight")} weights the sample: add --raw SAMPLE.csv --outcome COLUMN.");
        }

        using var truthSource = parse.GetValue(o.Truth) is { } t ? TableSources.Open(t) : null;
        using var frameSource = framePath is null ? null : TableSources.Open(framePath);
        var baselines = new Dictionary<string, SurveyWeights>(StringComparer.Ordinal);
        if (weight is not null)
        {
            baselines["weighted"] = Raking.Weigh(sample!, null, set, new RakingOptions([], outcome!, parse.GetValue(o.FrameWeight)!) { SampleWeight = weight });
        }

        if (frameSource is not null)
        {
            var margins = RakeOnMargins(parse, o.RakeOn);
            baselines["raking"] = Raking.Weigh(sample!, frameSource, set, new RakingOptions(margins, outcome!, parse.GetValue(o.FrameWeight)!) { SampleWeight = weight });
        }

        var scores = parse.GetValue(o.Score) is { } text ? ParseScores(text) : null;
        var comparisons = QuantityComparisonBuilder.Build(est, set, sample, outcome, truthSource, truthColumns, scores, baselines);
        foreach (var warning in baselines.Values.SelectMany(b => b.Warnings))
        {
            context.Error.WriteLine($"Warning: {warning}");
        }

        if (parse.GetValue(o.Output) is { } path)
        {
            QuantityComparisonCsv.Write(path, set, comparisons);
        }

        var interval = ComparisonBuilder.IntervalOf(est);
        foreach (var c in comparisons)
        {
            context.Output.WriteLine($"{c.Label}:");
            CompareReport.Print(context, set, c.Rows, c.Summary, interval);
            context.Output.WriteLine();
        }

        return ExitCodes.Success;
    }

    /// <summary>The raking variables --raking matches (--rake-on a,b,c); required with --raking.</summary>
    private static string[] RakeOnMargins(ParseResult parse, Option<string?> rakeOn) =>
        parse.GetValue(rakeOn)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        ?? throw new UserInputException("--raking needs --rake-on with the margins to match, e.g. --rake-on eth,age,educ,male.");

    private static double[] ParseScores(string text) => text.Split(',', StringSplitOptions.TrimEntries).Select(v =>
        double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x
            : throw new UserInputException($"--score '{text}': '{v}' is not a number; give one value per category, e.g. --score \"1,2,3,4,5\".")).ToArray();
}
