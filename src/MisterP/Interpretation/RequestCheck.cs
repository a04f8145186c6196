using MisterP.Families;

namespace MisterP.Interpretation;

/// <summary>Checks a request before any data is read, so mistakes fail fast with what to change.</summary>
internal static class RequestCheck
{
    public sealed record Checked(IReadOnlyList<string> Notes);

    public static Checked Validate(
        InterpretationModel model,
        InterpretationOptions options,
        InterpretationKind kind,
        VariableValues? focus,
        IReadOnlyList<string> conditional,
        Covariates covariates)
    {
        var notes = new List<string>();
        if (options.Scores is not null && model.Shape.Categories is null)
        {
            throw new UserInputException("--score gives the values of an ordinal outcome's categories; this fit's outcome is not ordinal (fit with --family cumulative).");
        }

        if (options.Scores is not null && CategoryFamilies.IsUnordered(model.Shape.Family))
        {
            throw new UserInputException($"--score gives the values of ordered categories; a {FamilyNames.Of(model.Shape.Family)} fit's categories are unordered, so it reports each category's share. Drop --score.");
        }

        if (model.Shape.Family == Family.Cumulative && model.Thresholds is null)
        {
            throw new UserInputException("Predictions of a cumulative fit need its posterior draws (the thresholds); this fit has none. Refit it with --method nuts.");
        }

        if (options.Interval is <= 0 or >= 1 || double.IsNaN(options.Interval))
        {
            throw new UserInputException($"--interval must lie strictly between 0 and 1 (got {options.Interval}).");
        }

        if (options.Kind == PredictionScale.Pps)
        {
            if (kind != InterpretationKind.Predictions)
            {
                throw new UserInputException("--kind pps applies to predictions only; compare or differentiate expected values (--kind epred) or the linear predictor (--kind linpred).");
            }

            if (model.IsPointEstimate)
            {
                throw new UserInputException("--kind pps needs posterior draws; this is a maximum-likelihood fit. Use --kind epred, or refit with --method nuts.");
            }

            if (model.Shape.HasKnownSe || (model.Shape.Family == Family.Gaussian && model.Parameters.Sigma is null))
            {
                throw new UserInputException("--kind pps needs a residual sd, but this model has known standard errors (y | se(s)); use --kind epred.");
            }
        }

        var repeated = conditional.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new UserInputException($"--conditional names '{repeated.Key}' twice; list each variable once (main, then groups, then panels).");
        }

        var grid = conditional.Count > 0;
        foreach (var set in options.AverageBy ?? [])
        {
            foreach (var column in set.Where(c => grid && !conditional.Contains(c)))
            {
                throw new UserInputException(
                    $"--average-by '{column}' is not a --conditional variable: averages over a grid can only be taken by grid variables ({string.Join(", ", conditional)}). " +
                    "Drop --conditional to average unit-level quantities over the data by any column.");
            }
        }

        foreach (var duplicate in options.At.GroupBy(a => a.Variable, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new UserInputException($"--at gives '{duplicate.Key}' twice; give all its values once: --at \"{duplicate.Key}=A,B\".");
        }

        foreach (var at in options.At)
        {
            if (!covariates.InModel(at.Variable) && !conditional.Contains(at.Variable))
            {
                throw new UserInputException($"--at '{at.Variable}' is neither in the model ({string.Join(", ", covariates.Model)}) nor a --conditional variable.");
            }

            if (at.Values.Count == 0)
            {
                throw new UserInputException($"--at '{at.Variable}' gives no value; write --at \"{at.Variable}=VALUE\".");
            }

            if (kind == InterpretationKind.Comparisons && at.Variable == focus?.Variable)
            {
                throw new UserInputException($"'{at.Variable}' is the contrast variable; give the values to compare with --contrast \"{at.Variable}=A,B\", not --at.");
            }
        }

        if (focus is not null)
        {
            var option = kind == InterpretationKind.Comparisons ? "--contrast" : "--wrt";
            if (focus.Variable.Length == 0)
            {
                throw new UserInputException($"{option} names no variable.");
            }

            if (!covariates.InModel(focus.Variable))
            {
                throw new UserInputException(
                    $"{option} '{focus.Variable}' is not in the model, so its effect is zero by construction. The model reads: {string.Join(", ", covariates.Model)}.");
            }

            if (kind == InterpretationKind.Comparisons && conditional.Contains(focus.Variable))
            {
                throw new UserInputException($"'{focus.Variable}' is both the contrast and a --conditional variable; condition on other variables.");
            }
        }

        return new Checked(notes);
    }
}
