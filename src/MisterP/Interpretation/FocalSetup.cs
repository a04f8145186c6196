namespace MisterP.Interpretation;

/// <summary>The scenarios and estimands of each kind of quantity (the focal variable's counterfactual values).</summary>
internal static class FocalSetup
{
    public static (IReadOnlyList<Scenario> Scenarios, IReadOnlyList<Estimand> Estimands) Build(
        InterpretationKind kind, VariableValues? focus, UnitTable units, Covariates covariates, List<string> notes)
    {
        if (kind == InterpretationKind.Predictions || focus is null)
        {
            return ([Scenario.AsObserved], [new Estimand(0, -1, 1, null, null)]);
        }

        var variable = focus.Variable;
        var column = units.Table[variable];
        var numeric = covariates.KindOf(variable, column) == VariableKind.Numeric;
        if (kind == InterpretationKind.Slopes)
        {
            if (!numeric)
            {
                notes.Add($"'{variable}' is categorical (or a grouping factor), so its slopes are comparisons between its levels, as marginaleffects does.");
                return Levels(variable, GridBuilder.LevelValues(units, covariates, variable));
            }

            var (min, max) = units.Range(variable);
            var h = Interpreter.SlopeStep * (max - min);
            if (!(h > 0))
            {
                throw new UserInputException($"--wrt '{variable}' takes a single value in the data, so its slope cannot be estimated by a finite difference.");
            }

            return ([Scenario.Shifted(variable, -h / 2), Scenario.Shifted(variable, h / 2)], [new Estimand(1, 0, h, variable, "dY/dX")]);
        }

        if (focus.Values.Count == 0)
        {
            if (numeric)
            {
                return ([Scenario.Shifted(variable, -0.5), Scenario.Shifted(variable, 0.5)], [new Estimand(1, 0, 1, variable, "+1")]);
            }

            var levels = GridBuilder.LevelValues(units, covariates, variable);
            if (levels.Length < 2)
            {
                throw new UserInputException($"--contrast '{variable}' has only one level in the data ({levels.FirstOrDefault()?.Text}); nothing to compare.");
            }

            return Levels(variable, levels);
        }

        var values = focus.Values.Select(v => CellValue.Parse(column, v, "--contrast")).ToList();
        if (!numeric)
        {
            var known = GridBuilder.Levels(units, covariates, variable).Concat(covariates.FitLevels(variable)).ToHashSet(StringComparer.Ordinal);
            foreach (var value in values.Where(v => !known.Contains(v.Text)))
            {
                throw new UserInputException(
                    $"--contrast: '{value.Text}' is not a level of '{variable}'. Levels: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }
        }

        if (values.DistinctBy(v => v.Text).Count() < 2)
        {
            throw new UserInputException($"--contrast \"{variable}=…\" needs two different values to compare, e.g. --contrast \"{variable}=A,B\" (B − A).");
        }

        return Levels(variable, values.DistinctBy(v => v.Text).ToArray());
    }

    /// <summary>Each value after the first against the first: a reference contrast (marginaleffects' default).</summary>
    private static (IReadOnlyList<Scenario>, IReadOnlyList<Estimand>) Levels(string variable, IReadOnlyList<CellValue> values) =>
        (values.Select(v => Scenario.Set(variable, v)).ToList(),
         Enumerable.Range(1, values.Count - 1).Select(k => new Estimand(k, 0, 1, variable, $"{values[k].Text} - {values[0].Text}")).ToList());
}
