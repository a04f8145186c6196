using System.CommandLine;
using MisterP.Output;
using MisterP.Reports;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp report DIR [--estimates EST.csv] [--compare CMP.csv] [--title T] --out REPORT.html</c> (SPEC §2).</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var fit = new Argument<string>("DIR") { Description = "Fit folder written by mrp fit." };
        var output = new Option<string>("--out", "-o") { Description = "The report: one self-contained HTML file.", Required = true };
        var estimates = new Option<string?>("--estimates") { Description = "EST.csv from mrp poststrat: population, estimates table and plot." };
        var compare = new Option<string?>("--compare") { Description = "CMP.csv from mrp compare: raw vs MRP (vs truth) with RMSE, MAE, bias, coverage." };
        var by = new Option<string?>("--by") { Description = "Grouping set of EST.csv to show (default: the comparison's, else the only one besides '')." };
        var title = new Option<string?>("--title") { Description = "Page title." };
        var notes = new Option<string[]>("--note") { Description = "A note shown at the top, e.g. what the weighting cannot correct (repeatable).", DefaultValueFactory = _ => [] };
        var compareFits = new Option<string[]>("--compare-fits")
        {
            Description = "Other fit folders of the same data: the model-checking section compares them with this fit by PSIS-LOO (loo_compare, stacking weights).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
        };
        var interval = new Option<double>("--interval") { Description = "Central interval of the group effects plot.", DefaultValueFactory = _ => 0.9 };
        var overwrite = CommonOptions.OverwriteFile();
        var command = new Command("report", "Write one self-contained HTML report of a fit: data, model and priors, diagnostics, estimates, raw vs MRP.");
        command.Arguments.Add(fit);
        foreach (var option in new Option[] { output, estimates, compare, by, title, notes, interval, compareFits, overwrite })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var path = parse.GetValue(output)!;
            new OutputGuard(parse.GetValue(overwrite), [parse.GetValue(fit), parse.GetValue(estimates), parse.GetValue(compare), .. parse.GetValue(compareFits)!])
                .File(path, OutputKind.Report);
            FitReports.Write(parse.GetValue(fit)!, path, new ReportOptions
            {
                EstimatesPath = parse.GetValue(estimates),
                ComparisonPath = parse.GetValue(compare),
                By = parse.GetValue(by),
                Title = parse.GetValue(title),
                Notes = parse.GetValue(notes)!,
                Interval = parse.GetValue(interval),
                CompareFits = parse.GetValue(compareFits)!,
            });
            context.Output.WriteLine($"Wrote {path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
