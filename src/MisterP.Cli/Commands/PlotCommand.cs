using System.CommandLine;
using MisterP.Output;
using MisterP.Plots;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp plot DIR KIND --out FILE.png|svg</c> (SPEC §2): estimates, effects, trace, rank, ppc, calibration.</summary>
internal static class PlotCommand
{
    public static Command Create(CliContext context)
    {
        var fit = new Argument<string>("DIR") { Description = "Fit folder written by mrp fit." };
        var kind = new Argument<string>("KIND") { Description = $"What to draw: {string.Join(", ", PlotKinds.Names)}." };
        var output = new Option<string>("--out", "-o") { Description = "Image file; .png or .svg chooses the format.", Required = true };
        var estimates = new Option<string?>("--estimates") { Description = "EST.csv from mrp poststrat (estimates plot)." };
        var compare = new Option<string?>("--compare") { Description = "CMP.csv from mrp compare: adds raw means with n, and truth (estimates plot)." };
        var by = new Option<string?>("--by") { Description = "Estimates: the grouping set to show (default: the only one besides ''). ppc: the grouping factor (default: the first; '' = all data)." };
        var over = new Option<string?>("--over") { Description = "Estimates: a time series over this ordered grouping column (month, wave): MRP line with interval band, raw means with n from the fit's cells, truth; --by g gives one panel per level of g." };
        var truth = new Option<string?>("--truth") { Description = "Estimates --over: CSV with the truth per time point (columns: the --over column, the --by column if given, and --truth-column)." };
        var truthColumn = new Option<string?>("--truth-column") { Description = "Estimates --over: the truth's column in --truth (default: truth)." };
        var quantity = new Option<string?>("--quantity") { Description = "Estimates of an ordinal fit: one quantity per group with its interval (mean, top_2, nps, share:CATEGORY) instead of the stacked category shares." };
        var group = new Option<string?>("--group") { Description = "Effects: the one group term to show, e.g. state (default: every term, one panel each)." };
        var parameters = new Option<string?>("--parameters") { Description = $"Trace/rank: comma-separated parameters (default: fixed effects, sds and correlations, at most {ParameterChoice.DefaultCap})." };
        var interval = new Option<double>("--interval") { Description = "Central interval of effects and ppc.", DefaultValueFactory = _ => 0.9 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the ppc replications.", DefaultValueFactory = _ => 1UL };
        var bins = new Option<int>("--bins") { Description = "Calibration: bins of the predicted probability, equal in trials.", DefaultValueFactory = _ => 10 };
        var csv = new Option<string?>("--out-csv") { Description = "ppc, calibration: also write the figure's numbers (per group: observed, replicated interval, p-value; per bin) to this CSV." };
        var fitData = CommonOptions.FitData();
        var trustFit = CommonOptions.TrustFit();
        var width = new Option<int>("--width") { Description = "Image width in pixels (height grows with the number of groups).", DefaultValueFactory = _ => PlotStyle.DefaultWidth };
        var overwrite = CommonOptions.OverwriteFile();
        var command = new Command("plot", "Draw a figure of a fit: estimates (raw vs MRP vs truth), effects, trace, rank, ppc, calibration.");
        command.Arguments.Add(fit);
        command.Arguments.Add(kind);
        foreach (var option in new Option[] { output, estimates, compare, by, over, truth, truthColumn, quantity, group, parameters, interval, seed, bins, csv, width, fitData, trustFit, overwrite })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var plotKind = PlotKinds.Parse(parse.GetValue(kind)!);
            if (parse.GetValue(width) is < 300 or > 10000)
            {
                throw new UserInputException($"--width {parse.GetValue(width)} is out of range; give 300 to 10000 pixels.");
            }

            var path = parse.GetValue(output)!;
            Figure.FormatOf(path);
            var csvPath = parse.GetValue(csv);
            if (csvPath is not null && plotKind is not (PlotKind.Ppc or PlotKind.Calibration))
            {
                throw new UserInputException($"--out-csv writes the numbers of the ppc and calibration plots; the {plotKind.ToString().ToLowerInvariant()} plot's numbers are already in the fit folder or the CSV it reads.");
            }

            if (parse.GetValue(over) is not null && plotKind != PlotKind.Estimates)
            {
                throw new UserInputException($"--over draws the estimates plot as a time series; the {plotKind.ToString().ToLowerInvariant()} plot has no --over.");
            }

            if (parse.GetValue(over) is not null && parse.GetValue(compare) is not null)
            {
                throw new UserInputException("--over takes raw means from the fit's cells and the truth from --truth FILE --truth-column c; drop --compare.");
            }

            var guard = new OutputGuard(parse.GetValue(overwrite), [parse.GetValue(fit), parse.GetValue(estimates), parse.GetValue(compare), parse.GetValue(fitData), parse.GetValue(truth)]);
            guard.File(path, OutputKind.Figure);
            if (csvPath is not null)
            {
                // A ppc CSV of either kind of fit (one row per group, or per group and category) may be replaced by another.
                var kind = plotKind == PlotKind.Ppc
                    ? OutputKind.CsvWithOneOfHeaders("a predictive check CSV (mrp plot --out-csv)", PredictiveCheckCsv.PpcHeader, PredictiveCheckCsv.OrdinalPpcHeader)
                    : OutputKind.CsvWithHeader("a predictive check CSV (mrp plot --out-csv)", PredictiveCheckCsv.CalibrationHeader);
                guard.File(csvPath, kind, "--out-csv");
            }
            var saved = FitLoading.Load(context, parse.GetValue(fit)!, new FitDataAccess
            {
                DataSpec = parse.GetValue(fitData),
                TrustRecordedSpec = parse.GetValue(trustFit),
            });
            FitPlots.Save(saved, plotKind, path, new PlotOptions
            {
                EstimatesPath = parse.GetValue(estimates),
                ComparisonPath = parse.GetValue(compare),
                By = parse.GetValue(by),
                Over = parse.GetValue(over),
                TruthPath = parse.GetValue(truth),
                TruthColumn = parse.GetValue(truthColumn),
                Quantity = parse.GetValue(quantity),
                Group = parse.GetValue(group),
                Parameters = parse.GetValue(parameters) is { } list ? ParameterChoice.SplitList(list) : [],
                Interval = parse.GetValue(interval),
                Seed = parse.GetValue(seed),
                Bins = parse.GetValue(bins),
                CsvPath = csvPath,
                Width = parse.GetValue(width),
            });
            context.Output.WriteLine(csvPath is null ? $"Wrote {path}" : $"Wrote {path} and {csvPath}");
            return ExitCodes.Success;
        });
        return command;
    }
}
