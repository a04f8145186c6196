using System.Globalization;
using MisterP.Data;
using MisterP.Families;

namespace MisterP.Interpretation;

/// <summary>
/// Predictions, comparisons and slopes of a fitted model with the semantics of Bambi's <c>interpret</c> and R's
/// marginaleffects (Arel-Bundock, Greifer &amp; Heiss 2024): on a grid built from <c>--conditional</c> variables, or
/// unit by unit over data, optionally averaged by groups per draw. Every quantity is computed per posterior draw and
/// then summarised; maximum-likelihood fits get delta-method intervals instead.
/// </summary>
public static class Interpreter
{
    /// <summary>Relative step of the centred finite difference (marginaleffects: 1e-4 × the variable's range).</summary>
    public const double SlopeStep = 1e-4;

    public static InterpretationResult Predictions(
        InterpretationModel model, InterpretationData data, InterpretationOptions options, CancellationToken cancellationToken = default) =>
        Run(model, data, options, InterpretationKind.Predictions, null, cancellationToken);

    /// <summary>
    /// Differences of predictions between values of <paramref name="contrast"/>'s variable, per draw: each value after the
    /// first minus the first (<c>eth=Black,White</c> gives White − Black); without values, every level minus the first
    /// (reference) level, or for a numeric variable a unit change centred on each unit's value (x + ½ minus x − ½).
    /// </summary>
    public static InterpretationResult Comparisons(
        InterpretationModel model, InterpretationData data, VariableValues contrast, InterpretationOptions options, CancellationToken cancellationToken = default) =>
        Run(model, data, options, InterpretationKind.Comparisons, contrast, cancellationToken);

    /// <summary>
    /// The derivative of the prediction in <paramref name="wrt"/> by a centred finite difference with step
    /// h = 1e-4 × its observed range: (f(x + h/2) − f(x − h/2)) / h, per draw. A categorical <paramref name="wrt"/>
    /// gives comparisons between its levels instead, as marginaleffects does.
    /// </summary>
    public static InterpretationResult Slopes(
        InterpretationModel model, InterpretationData data, string wrt, InterpretationOptions options, CancellationToken cancellationToken = default) =>
        Run(model, data, options, InterpretationKind.Slopes, new VariableValues(wrt.Trim(), []), cancellationToken);

    private static InterpretationResult Run(
        InterpretationModel model,
        InterpretationData data,
        InterpretationOptions options,
        InterpretationKind kind,
        VariableValues? focus,
        CancellationToken cancellationToken)
    {
        var covariates = new Covariates(model.Recipe);
        var conditional = options.Conditional.Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        var request = RequestCheck.Validate(model, options, kind, focus, conditional, covariates);
        var at = options.At.ToDictionary(a => a.Variable, StringComparer.Ordinal);
        var grid = conditional.Count > 0;
        var averageBy = options.AverageBy is { Count: > 0 } sets ? sets.DistinctBy(Poststrat.GroupingSet.Label).ToList() : null;
        var byColumns = averageBy?.SelectMany(b => b).Distinct(StringComparer.Ordinal).ToList() ?? [];
        var needed = covariates.Model.Concat(conditional).Concat(grid ? [] : byColumns).Distinct(StringComparer.Ordinal).ToList();
        var units = UnitTable.Load(data, needed, options.Weights);
        var notes = new List<string>();
        if (units.RowsDropped > 0)
        {
            notes.Add($"{units.RowsDropped:N0} row(s) of {data.Description} were left out for missing values.");
        }

        foreach (var variable in conditional.Where(v => !covariates.InModel(v)))
        {
            notes.Add($"'{variable}' is not in the model, so the estimates do not vary with it.");
        }

        var focal = focus?.Variable;
        var (scenarios, estimands) = FocalSetup.Build(kind, focus, units, covariates, notes);

        // Variables set explicitly (grid, focal, --at) count as on the grid: their levels' group effects are wanted.
        var onGrid = conditional.Append(focal).OfType<string>().Concat(at.Keys).ToHashSet(StringComparer.Ordinal);
        var terms = Enumerable.Range(0, model.Recipe.Groups.Count).Where(k => options.GroupEffects switch
        {
            GroupEffectsMode.None => false,
            GroupEffectsMode.All => true,
            _ => !grid || model.Recipe.Groups[k].Factors.All(onGrid.Contains),
        }).ToList();
        var leftOut = model.Recipe.Groups.Where((_, k) => !terms.Contains(k)).Select(g => g.Name).ToList();
        if (leftOut.Count > 0)
        {
            notes.Add(options.GroupEffects == GroupEffectsMode.None
                ? "No group-level effects (--group-effects none): population-level predictions (brms re_formula = NA)."
                : $"Group-level effects left at zero because their grouping factors are not all on the grid or set with --at (brms re_formula = NA for these terms): {string.Join(", ", leftOut)}.");
        }

        UnitTable evaluated;
        List<string> shown;
        if (grid)
        {
            var columns = covariates.Model.Concat(conditional).Distinct(StringComparer.Ordinal).ToList();
            evaluated = UnitTable.Grid(GridBuilder.Build(units, covariates, conditional, at, columns, options.GroupEffects == GroupEffectsMode.All));
            var hideGroupingOnly = options.GroupEffects != GroupEffectsMode.All;
            shown = conditional.Concat(covariates.Model.Where(c =>
                    !conditional.Contains(c) &&
                    !(kind == InterpretationKind.Comparisons && c == focal) &&
                    !(hideGroupingOnly && covariates.GroupingOnly(c) && !onGrid.Contains(c))))
                .Distinct(StringComparer.Ordinal).ToList();
        }
        else
        {
            evaluated = at.Count == 0 ? units : HoldAt(units, covariates, at);
            shown = covariates.Model.Where(c => !(kind == InterpretationKind.Comparisons && c == focal)).ToList();
        }

        var groups = averageBy?.Select(set => GroupIndex.Build(evaluated, set, covariates)).ToList();
        var outcome = UnitOutcomes.For(model, options.Kind, options.Scores);
        var width = outcome.Width;
        var quantities = new QuantityRequest(model, evaluated, scenarios, estimands, terms, options.Kind, outcome, groups, options.Interval, options.Seed);
        var result = model.IsPointEstimate
            ? DeltaMethodEvaluator.Run(quantities, cancellationToken)
            : DrawEvaluator.Run(quantities, cancellationToken);
        if (result.NewLevels.Count > 0)
        {
            notes.Add($"{result.NewLevels.Count} level(s) the fit never saw " +
                      (model.IsPointEstimate ? "predict with a zero group effect (as lme4): " : "got effects drawn from their group's fitted distribution: ") +
                      string.Join(", ", result.NewLevels.Take(12).Select(l => $"{l.Term}={l.Level}")) + (result.NewLevels.Count > 12 ? ", …" : "."));
        }

        if (model.IsPointEstimate && terms.Count > 0)
        {
            notes.Add("Group effects enter at their conditional modes, without uncertainty (as lme4 and marginaleffects treat them): " +
                      "intervals reflect the fixed effects' uncertainty only, so differences between levels of a grouping factor look precise. A Bayesian fit carries both.");
        }

        if (model.RankDeficient)
        {
            notes.Add("The fit is rank-deficient (aliased coefficients count as 0): predictions may be misleading, as R warns.");
        }

        var labelled = kind != InterpretationKind.Predictions;
        var descriptors = new List<InterpretationColumn>();
        if (labelled)
        {
            descriptors.Add(new InterpretationColumn("term", false));
            descriptors.Add(new InterpretationColumn("contrast", false));
        }

        // A categorical outcome reports several values per unit, named as EST.csv names them (quantity, category).
        if (outcome.Values is not null)
        {
            descriptors.Add(new InterpretationColumn("quantity", false));
            descriptors.Add(new InterpretationColumn("category", false));
        }

        var rows = new List<InterpretationRow>();
        if (groups is null)
        {
            descriptors.AddRange(shown.Select(c => new InterpretationColumn(c, IsNumeric(evaluated, covariates, c))));
            var texts = shown.Select(c => CellTexts(evaluated.Table[c])).ToList();
            for (var e = 0; e < estimands.Count; e++)
            {
                for (var i = 0; i < evaluated.Count; i++)
                {
                    for (var v = 0; v < width; v++)
                    {
                        var values = Labels(estimands[e], labelled).Concat(ValueLabels(outcome, v)).Concat(texts.Select(t => t[i])).ToList();
                        rows.Add(new InterpretationRow(values, result.PerUnit![e][i * width + v], grid ? null : evaluated.Weights[i]));
                    }
                }
            }
        }
        else
        {
            descriptors.Add(new InterpretationColumn("by", false));
            descriptors.AddRange(byColumns.Select(c => new InterpretationColumn(c, IsNumeric(evaluated, covariates, c))));
            for (var a = 0; a < groups.Count; a++)
            {
                var set = groups[a];
                for (var e = 0; e < estimands.Count; e++)
                {
                    for (var g = 0; g < set.Count; g++)
                    {
                        var keys = byColumns.Select(c => set.Columns.ToList().IndexOf(c) is var k and >= 0 ? set.Keys[g][k] : string.Empty).ToList();
                        for (var v = 0; v < width; v++)
                        {
                            var values = Labels(estimands[e], labelled).Concat(ValueLabels(outcome, v)).Append(set.Label).Concat(keys).ToList();
                            rows.Add(new InterpretationRow(values, result.PerGroup![a][e][g * width + v], set.Weights[g]));
                        }
                    }
                }
            }
        }

        return new InterpretationResult
        {
            Kind = kind,
            Measure = Measure(Measured(model, options.Kind, outcome), kind, focal, estimands),
            QuantityMeasures = outcome.Values?.GroupBy(v => v.Quantity).ToDictionary(g => g.Key, g => Measure(g.First().Measure, kind, focal, estimands)),
            Columns = descriptors,
            Rows = rows,
            Bayesian = !model.IsPointEstimate,
            Interval = options.Interval,
            Conditional = groups is null ? conditional : [],
            Averaged = groups is not null,
            DrawCount = model.Parameters.DrawCount,
            NewLevels = result.NewLevels,
            Notes = notes.Concat(request.Notes).ToList(),
        };
    }

    private static IEnumerable<string> Labels(Estimand estimand, bool labelled) =>
        labelled ? [estimand.Term ?? string.Empty, estimand.Contrast ?? string.Empty] : [];

    private static IEnumerable<string> ValueLabels(IUnitOutcome outcome, int v) =>
        outcome.Values is { } values ? [values[v].Quantity, values[v].Category] : [];

    /// <summary>Unit-level quantities with --at: the named columns set to one value for every unit (a counterfactual).</summary>
    private static UnitTable HoldAt(UnitTable units, Covariates covariates, IReadOnlyDictionary<string, VariableValues> at)
    {
        var table = units.Table;
        foreach (var (column, values) in at)
        {
            table = Scenario.Set(column, GridBuilder.HeldValue(units, covariates, column, values)).Apply(table);
        }

        return units.WithTable(table);
    }

    private static bool IsNumeric(UnitTable units, Covariates covariates, string column) =>
        units.Table[column] is NumericColumn && covariates.KindOf(column, units.Table[column]) == VariableKind.Numeric;

    private static string[] CellTexts(DataColumn column) => column switch
    {
        NumericColumn n => n.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
        TextColumn t => t.Values,
        _ => throw new InvalidOperationException("Unknown column type."),
    };

    /// <summary>What one prediction measures (before differences or slopes are taken of it).</summary>
    private static string Measured(InterpretationModel model, PredictionScale scale, IUnitOutcome outcome)
    {
        if (outcome.Values is { } values)
        {
            return string.Join(" and ", values.Select(v => v.Measure).Distinct());
        }

        var response = model.ResponseText;
        return scale switch
        {
            PredictionScale.Linpred => $"linear predictor ({FamilyNames.Of(model.Shape.Link)} scale)",
            PredictionScale.Pps => $"predicted {response}",
            _ => model.Shape.Family is Family.Bernoulli or Family.Binomial ? $"P({response})" : $"E[{response}]",
        };
    }

    private static string Measure(string measure, InterpretationKind kind, string? focal, IReadOnlyList<Estimand> estimands)
    {
        return kind switch
        {
            InterpretationKind.Predictions => measure,
            InterpretationKind.Slopes when estimands.All(e => e.Divisor != 1) => $"slope of {measure} in {focal}",
            _ => $"difference in {measure}",
        };
    }
}
