using System.CommandLine;
using MisterP.Data;
using MisterP.Output;
using MisterP.Poststrat;
using MisterP.Simulation;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp simulate --frame FRAME --weight n --select "EXPR" --size N --seed S --out SAMPLE.csv</c> (SPEC §2).</summary>
internal static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var frame = new Option<string>("--frame") { Description = "Population frame: one row per cell with its count.", Required = true };
        var weight = new Option<string>("--weight", "-w") { Description = "Frame column with each cell's population count.", DefaultValueFactory = _ => "n" };
        var select = new Option<string>("--select") { Description = "SQL expression: each cell's relative response propensity (e.g. \"1 + 3 * (age = '70+')::INT\").", DefaultValueFactory = _ => "1" };
        var size = new Option<int>("--size") { Description = "Number of respondents.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1UL };
        var output = new Option<string>("--out", "-o") { Description = "Sample CSV.", Required = true };
        var truthFormula = new Option<string?>("--truth-formula") { Description = "Known logistic model of a 0/1 outcome, e.g. \"y ~ male + (1|state)\"." };
        var effects = new Option<string?>("--effects") { Description = "Its parameters: \"b_Intercept=-0.5,b_male=0.3,sd_state=0.4\"." };
        var by = new Option<string[]>("--by") { Description = "Grouping set for the truth file (repeatable; '' = everyone).", DefaultValueFactory = _ => [""] };
        var family = new Option<string?>("--family") { Description = "Outcome family: bernoulli (default, a 0/1 outcome) or cumulative (an ordered scale; thresholds b_Intercept[k] in --effects)." };
        var firstCategory = new Option<int>("--first-category") { Description = "Cumulative: the value of the lowest category (1 for a 1–5 scale, 0 for a 0–10 item).", DefaultValueFactory = _ => 1 };
        var truthOut = new Option<string?>("--truth-out") { Description = "Population truth per group (default: next to --out, *_truth.csv)." };
        var overwrite = CommonOptions.OverwriteFile();
        var command = new Command("simulate", "Draw a biased opt-out sample from a population frame, with outcomes from a known model and the population truth.");
        foreach (var option in new Option[] { frame, weight, select, size, seed, output, truthFormula, effects, family, firstCategory, by, truthOut, overwrite })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            if (parse.GetValue(truthFormula) is not null && parse.GetValue(effects) is null)
            {
                throw new UserInputException("--truth-formula needs --effects with the model's parameters, e.g. --effects \"b_Intercept=-0.5,sd_state=0.4\".");
            }

            using var source = TableSources.Open(parse.GetValue(frame)!);
            var result = SurveySimulator.Simulate(source, new SimulationOptions
            {
                Weight = parse.GetValue(weight)!,
                Select = parse.GetValue(select)!,
                Size = parse.GetValue(size),
                Seed = parse.GetValue(seed),
                TruthFormula = parse.GetValue(truthFormula),
                Effects = parse.GetValue(effects) is { } e ? SurveySimulator.ParseEffects(e) : new Dictionary<string, double>(),
                By = parse.GetValue(by)!.Select(GroupingSet.Parse).ToList(),
                Family = parse.GetValue(family) switch
                {
                    null or "bernoulli" => Families.Family.Bernoulli,
                    "cumulative" => Families.Family.Cumulative,
                    var other => throw new UserInputException($"--family '{other}': mrp simulate draws bernoulli (0/1) or cumulative (ordered) outcomes."),
                },
                FirstCategory = parse.GetValue(firstCategory),
            });
            var path = parse.GetValue(output)!;
            var truthPath = result.Truth is null ? null
                : parse.GetValue(truthOut) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", Path.GetFileNameWithoutExtension(path) + "_truth.csv");

            // Never over the frame; an existing file only when it is this command's earlier output (same columns) or with --overwrite.
            var guard = new OutputGuard(parse.GetValue(overwrite), [parse.GetValue(frame)]);
            guard.File(path, OutputKind.CsvWithHeader("a simulated sample (mrp simulate) with these columns", result.Sample.Columns.Select(c => c.Name).ToList()));
            if (result.Truth is { } truthTable)
            {
                guard.File(truthPath, OutputKind.CsvWithHeader("a population truth file (mrp simulate)", truthTable.Columns.Select(c => c.Name).ToList()), "--truth-out");
            }

            TableCsv.Write(path, result.Sample);
            context.Output.WriteLine($"Wrote {result.Sample.RowCount:N0} respondents to {Path.GetFullPath(path)}.");
            if (result.Truth is { } truth)
            {
                TableCsv.Write(truthPath!, truth);
                context.Output.WriteLine($"Wrote the population truth per group to {truthPath}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
