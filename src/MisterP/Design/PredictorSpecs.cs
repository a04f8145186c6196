using MisterP.Data;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>Decides each predictor's kind, levels (reference first) and scaling from the fitting data.</summary>
internal static class PredictorSpecs
{
    public static List<PredictorSpec> Build(
        Formula formula, DataTable cells, IReadOnlyDictionary<string, ColumnKind> kinds, IReadOnlyDictionary<string, IReadOnlyList<string>>? order)
    {
        var specs = new List<PredictorSpec>();
        var all = formula.FixedTerms.Concat(formula.GroupTerms.SelectMany(g => g.Slopes)).SelectMany(t => t.Factors);
        foreach (var p in all)
        {
            if (specs.Any(s => s.Label == p.Label))
            {
                continue;
            }

            var categorical = p.ForceCategorical || (p.Expression is VariableExpr v && kinds[v.Name] == ColumnKind.Text);
            if (categorical)
            {
                var column = ((VariableExpr)p.Expression).Name;
                var levels = GroupLevels.Of([column], cells, kinds, order).ToList();
                if (levels.Count < 2)
                {
                    throw new UserInputException(
                        $"Factor '{column}' has only one level ('{string.Join("', '", levels)}') in the rows used, so it has no contrast to estimate; drop it from the formula (R: contrasts can be applied only to factors with 2 or more levels).");
                }

                if (p.ReferenceLevel is { } reference)
                {
                    if (!levels.Remove(reference))
                    {
                        throw new UserInputException(
                            $"Reference level '{reference}' of {p.Label} does not occur in the data; levels are: {string.Join(", ", levels)}.");
                    }

                    levels.Insert(0, reference);
                }

                specs.Add(new PredictorSpec(p.Label, p.Expression, true, levels, 0, 1));
                continue;
            }

            var (center, scale) = (0.0, 1.0);
            if (p.Expression is CallExpr { Function: "scale" or "center" } call)
            {
                var values = ExprEvaluator.Evaluate(call.Arguments[0], c => DesignRecipe.NumericValues(cells, c), cells.RowCount);
                var w = cells.RowsPerCell ?? Enumerable.Repeat(1.0, cells.RowCount).ToArray();
                var n = w.Sum();
                center = values.Select((v, i) => w[i] * v).Sum() / n;
                if (call.Function == "scale")
                {
                    var variance = values.Select((v, i) => w[i] * (v - center) * (v - center)).Sum() / (n - 1);
                    scale = Math.Sqrt(variance);
                    if (!(scale > 0))
                    {
                        throw new UserInputException($"{p.Label}: the variable is constant in the data, so it cannot be scaled.");
                    }
                }
            }
            else
            {
                foreach (var variable in DesignRecipe.Variables(p.Expression))
                {
                    if (kinds[variable] == ColumnKind.Text)
                    {
                        throw new UserInputException($"'{variable}' holds text but is used in '{p.Label}'; only numeric columns can be transformed.");
                    }
                }
            }

            specs.Add(new PredictorSpec(p.Label, p.Expression, false, [], center, scale));
        }

        return specs;
    }
}
