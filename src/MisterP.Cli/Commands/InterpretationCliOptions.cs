using System.CommandLine;
using MisterP.Data;
using MisterP.Families;
using MisterP.Interpretation;
using MisterP.Output;
using MisterP.Plots;
using MisterP.Poststrat;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary>The options predictions, comparisons and slopes share (SPEC §2), and the run they share: load, compute, write, print, plot.</summary>
internal sealed class InterpretationCliOptions
{
    private const string GroupEffectsHelp =
        "Group-level effects: grid (default) includes a term when all its grouping factors are --conditional, contrast/wrt or --at " +
        "variables, and over data (no --conditional) every unit's own levels; other terms count as zero, the population-level " +
        "prediction for a typical level (brms re_formula = NA for those terms). all: grouping factors off the grid are held at " +
        "their mode and every term counts (Bambi). none: no group-level effects.";

    private readonly Argument<string> _fit = new("DIR") { Description = "Fit folder written by mrp fit." };
    private readonly Option<string?> _conditional = new("--conditional", "-c")
    {
        Description = "Grid variables, comma-separated: the first is the x axis (numeric: 50 values over its range; categorical: its levels), " +
                      "the next the groups and panels (numeric: 5 quantiles). Other covariates are held at their mean or mode. Omit for unit-level quantities over the data.",
    };

    private readonly Option<string[]> _at = new("--at") { Description = "VAR=v1,v2: the grid values of a --conditional variable, or the one value a held covariate takes (repeatable)." };
    private readonly Option<string[]> _averageBy = new("--average-by") { Description = "Average the quantities by these columns, comma-separated, per draw (repeatable; '' = over everything), as marginaleffects avg_*(by =)." };
    private readonly Option<string?> _data = new("--data") { Description = "Units to predict over and to take grid ranges, means and modes from (default: the fit's data, as the cells its folder stores)." };
    private readonly Option<string?> _weights = new("--weights") { Description = "Column weighting units in averages (default: each unit's respondents; a binomial fit's data count their trials)." };
    private readonly Option<string> _kind = new("--kind") { Description = "epred (expected value; a probability per trial for binomial fits), linpred (link scale) or pps (posterior predictive; predictions only).", DefaultValueFactory = _ => "epred" };
    private readonly Option<double> _interval = new("--interval") { Description = "Central interval probability (posterior quantiles; Wald confidence level for ml fits).", DefaultValueFactory = _ => 0.9 };
    private readonly Option<string> _groupEffects = new("--group-effects") { Description = GroupEffectsHelp, DefaultValueFactory = _ => "grid" };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Seed for effects of levels the fit never saw and for pps draws.", DefaultValueFactory = _ => 1UL };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Write the estimates to this CSV file." };
    private readonly Option<string?> _plot = new("--plot") { Description = "Draw the estimates to FILE.png or FILE.svg (x axis --main, colours --group, one panel per --panel level)." };
    private readonly Option<string?> _main = new("--main") { Description = "Plot: the x-axis column (default: the first --conditional variable, or the --average-by column)." };
    private readonly Option<string?> _group = new("--group") { Description = "Plot: the column giving colours (default: the second --conditional variable)." };
    private readonly Option<string?> _panel = new("--panel") { Description = "Plot: the column giving panels (default: the third --conditional variable)." };
    private readonly Option<string?> _title = new("--title") { Description = "Plot title (default: what the estimates measure)." };
    private readonly Option<string?> _quantity = new("--quantity") { Description = "Plot, ordinal fits: share (default; one colour per category) or mean (the expected score)." };
    private readonly Option<bool> _quiet = CommonOptions.Quiet();
    private readonly Option<bool> _overwrite = CommonOptions.OverwriteFile();
    private readonly Option<bool> _trustFit = CommonOptions.TrustFit();
    private readonly JoinCliOptions _joins = new();
    private readonly ScoreCliOption _score = new("Ordinal (cumulative) fits: the value of each category for the expected score (quantity 'mean'), lowest first, e.g. \"1,2,3,4,5\" (default: the integer categories, else 1..K).");

    public void AddTo(Command command)
    {
        command.Arguments.Add(_fit);
        foreach (var option in new Option[] { _conditional, _at, _averageBy, _data, _weights, _kind, _interval, _groupEffects, _seed, _out, _plot, _main, _group, _panel, _title, _quantity, _overwrite, _quiet, _trustFit })
        {
            command.Options.Add(option);
        }

        _joins.AddTo(command);
        _score.AddTo(command);
    }

    public int Run(CliContext context, ParseResult parse, Func<SavedFit, InterpretationOptions, ITableSource?, InterpretationResult> quantity)
    {
        var output = parse.GetValue(_out);
        var plot = parse.GetValue(_plot);
        if (plot is not null)
        {
            InterpretationPlot.CheckPath(plot);
        }

        // Before any work: never write over the fit, the data or a file MisterP did not write (issue 12).
        var guard = new OutputGuard(parse.GetValue(_overwrite), _joins.Read(parse).Select(j => j.File).Prepend(parse.GetValue(_data)).Prepend(parse.GetValue(_fit)));
        guard.File(output, OutputKind.Interpretation);
        guard.File(plot, OutputKind.Figure, "--plot");

        var saved = FitLoading.Load(context, parse.GetValue(_fit)!, new FitDataAccess { TrustRecordedSpec = parse.GetValue(_trustFit) });
        var options = new InterpretationOptions
        {
            Conditional = (parse.GetValue(_conditional) ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            At = (parse.GetValue(_at) ?? []).Select(a => VariableValues.Parse(a, "--at")).ToList(),
            AverageBy = parse.GetValue(_averageBy) is { Length: > 0 } sets
                ? sets.Select(GroupingSet.Parse).ToList()
                : null,
            Kind = parse.GetValue(_kind)!.Trim().ToLowerInvariant() switch
            {
                "epred" => PredictionScale.Epred,
                "linpred" or "link" => PredictionScale.Linpred,
                "pps" or "predict" => PredictionScale.Pps,
                var k => throw new UserInputException($"--kind '{k}' is not known; use epred, linpred or pps."),
            },
            Interval = parse.GetValue(_interval),
            GroupEffects = parse.GetValue(_groupEffects)!.Trim().ToLowerInvariant() switch
            {
                "grid" => GroupEffectsMode.Grid,
                "all" => GroupEffectsMode.All,
                "none" => GroupEffectsMode.None,
                var g => throw new UserInputException($"--group-effects '{g}' is not known; use grid, all or none."),
            },
            Weights = parse.GetValue(_weights),
            Seed = parse.GetValue(_seed),
            Scores = _score.Read(parse),
        };

        InterpretationResult result;
        if (parse.GetValue(_data) is { } dataSpec)
        {
            using var data = TableSources.Open(dataSpec, _joins.Read(parse));
            result = quantity(saved, options, data);
        }
        else
        {
            if (_joins.Read(parse).Count > 0)
            {
                throw new UserInputException("--join applies to --data; the fit's own data (its stored cells) already hold the joined columns.");
            }

            result = quantity(saved, options, null);
        }

        var facets = new InterpretationPlotOptions
        {
            Main = parse.GetValue(_main),
            Group = parse.GetValue(_group),
            Panel = parse.GetValue(_panel),
            Title = parse.GetValue(_title),
            Quantity = parse.GetValue(_quantity),
            UnorderedCategories = CategoryFamilies.IsUnordered(saved.Shape.Family),
        };
        if (plot is not null)
        {
            InterpretationPlot.Validate(result, facets);
        }

        if (output is not null)
        {
            InterpretationCsv.Write(output, result);
        }

        if (plot is not null)
        {
            InterpretationPlot.Write(plot, result, facets);
        }

        if (!parse.GetValue(_quiet))
        {
            InterpretationReport.Print(context, result, output, plot);
        }

        return ExitCodes.Success;
    }
}
