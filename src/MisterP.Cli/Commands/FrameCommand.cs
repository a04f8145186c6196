using System.CommandLine;
using System.Globalization;
using MisterP.Data;
using MisterP.Frames;
using MisterP.Output;
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
        command.Subcommands.Add(Rake(context));
        command.Subcommands.Add(Build(context));
        return command;
    }

    private static Command Build(CliContext context)
    {
        var microdata = new Argument<string>("MICRODATA") { Description = "Person- or customer-level records (CSV, Parquet, duckdb:)." };
        var cells = new Option<string>("--cells") { Description = "Cell columns, comma-separated (e.g. state,eth,male,age,educ).", Required = true };
        var weight = new Option<string?>("--weight", "-w") { Description = "Per-record weight column (e.g. PERWT); without it records are counted." };
        var where = new Option<string?>("--where") { Description = "SQL condition selecting records, e.g. \"AGE >= 18\"." };
        var output = new Option<string>("--out", "-o") { Description = "Frame CSV: the cell columns and n.", Required = true };
        var recode = new RecodeCliOption("CSV variable,from,to: recode cell columns (values, or intervals [18,30)) before grouping.");
        var joins = new JoinCliOptions(); // e.g. region per state, so --cells may name it
        var command = new Command("build", "Aggregate microdata into a post-stratification frame (one streaming DuckDB GROUP BY).");
        command.Arguments.Add(microdata);
        foreach (var option in new Option[] { cells, weight, where, output })
        {
            command.Options.Add(option);
        }

        recode.AddTo(command);
        joins.AddTo(command);
        command.SetAction(parse =>
        {
            var columns = parse.GetValue(cells)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length == 0)
            {
                throw new UserInputException("--cells needs at least one column, e.g. --cells state,age,educ.");
            }

            var build = new CellBuild(columns) { Weight = parse.GetValue(weight), Where = parse.GetValue(where), Recode = recode.Read(parse), Joins = joins.Read(parse) };
            var count = MicrodataCells.Build(parse.GetValue(microdata)!, build, parse.GetValue(output)!);
            context.Output.WriteLine($"Wrote {count:N0} cells ({string.Join(" × ", columns)}) to {parse.GetValue(output)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Rake(CliContext context)
    {
        var joint = new Option<string>("--joint") { Description = "Seed joint: one row per cell with a count (national, or per area with the --by column).", Required = true };
        var margins = new Option<string>("--margins") { Description = "Known margins per area, long format BY,variable,level,total (two-way: eth:age, White:18-29).", Required = true };
        var by = new Option<string>("--by") { Description = "Area column of the margins.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Synthetic frame CSV: area, the joint's variables, count.", Required = true };
        var weight = new Option<string>("--weight", "-w") { Description = "The joint's count column (also the frame's).", DefaultValueFactory = _ => "n" };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest relative margin error accepted.", DefaultValueFactory = _ => 1e-10 };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Most proportional-fitting sweeps per area.", DefaultValueFactory = _ => 1000 };
        var command = new Command("rake", "Synthetic joint per area: iterative proportional fitting of a seed joint to each area's margins (MrsP).");
        foreach (var option in new Option[] { joint, margins, by, output, weight, tolerance, maxIterations })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            if (parse.GetValue(tolerance) is not (> 0 and < 1) || parse.GetValue(maxIterations) < 1)
            {
                throw new UserInputException("--tolerance must lie in (0, 1) and --max-iterations be at least 1.");
            }

            using var seed = TableSources.Open(parse.GetValue(joint)!);
            using var known = TableSources.Open(parse.GetValue(margins)!);
            var raked = FrameRaker.Rake(seed, known, new RakeOptions
            {
                By = parse.GetValue(by)!,
                Weight = parse.GetValue(weight)!,
                Tolerance = parse.GetValue(tolerance),
                MaxIterations = parse.GetValue(maxIterations),
            });
            TableCsv.Write(parse.GetValue(output)!, raked.Frame);
            var table = new TextTable([parse.GetValue(by)!, "population", "sweeps", "max margin error"]);
            foreach (var area in raked.Areas)
            {
                table.Add(area.Area, TextTable.Count(area.Total), area.Iterations.ToString(CultureInfo.InvariantCulture), area.MaxRelativeError.ToString("0.0e+0", CultureInfo.InvariantCulture));
            }

            table.Write(context.Output);
            var worst = raked.Areas.MaxBy(a => a.MaxRelativeError)!;
            context.Output.WriteLine(
                $"Wrote {raked.Frame.RowCount:N0} cells ({raked.Areas.Count} areas) to {parse.GetValue(output)}; largest relative margin error {worst.MaxRelativeError:G3} ({worst.Area}).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Check(CliContext context)
    {
        var first = new Argument<string>("SAMPLE|FIT_DIR") { Description = "A fit folder written by mrp fit, or the sample (then --formula is required)." };
        var frame = new Argument<string>("FRAME") { Description = "Population frame: one row per cell (CSV, Parquet, duckdb:, sqlite:)." };
        var formula = new Option<string?>("--formula", "-f") { Description = "Model formula, when the first argument is a sample." };
        var weight = new Option<string>("--weight", "-w") { Description = "Frame column with each cell's population count.", DefaultValueFactory = _ => "n" };
        var joins = new JoinCliOptions(); // joined to the frame (the sample, like mrp fit's data, carries its own)
        var recode = new RecodeCliOption("CSV variable,from,to: recodes applied to the frame (and to a sample; a fit's own recodes are applied to the frame anyway).");
        var command = new Command("check", "Compare a frame's columns, levels and numeric ranges with what the fit saw; exit 0 when compatible, 2 on a mismatch.");
        command.Arguments.Add(first);
        command.Arguments.Add(frame);
        command.Options.Add(formula);
        command.Options.Add(weight);
        joins.AddTo(command);
        recode.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(first)!;
            var join = joins.Read(parse);
            var recodes = recode.Read(parse);
            FrameCheckResult result;
            string? note = null;
            if (File.Exists(Path.Combine(path, "model.json")))
            {
                if (parse.GetValue(formula) is not null)
                {
                    throw new UserInputException($"'{path}' is a fit folder, which knows its formula: drop --formula (or give the sample file instead).");
                }

                var fit = SavedFit.Load(path);
                using var population = TableSources.Open(parse.GetValue(frame)!, join, fit.Recode.Then(recodes));
                result = FrameCompatibility.ForFit(fit, population, parse.GetValue(weight)!, out note);
            }
            else
            {
                var f = parse.GetValue(formula) ?? throw new UserInputException(
                    $"'{path}' is not a fit folder (no model.json), so it is read as the sample: give its model with --formula \"y ~ …\".");
                using var population = TableSources.Open(parse.GetValue(frame)!, join, recodes);
                using var sample = TableSources.Open(path, [], recodes);
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
