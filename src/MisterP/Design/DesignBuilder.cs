using MisterP.Data;
using MisterP.Design.Structured;
using MisterP.Families;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>
/// Formula + table → <see cref="ModelDesign"/> with R's model.matrix semantics (treatment coding, R's contrast rule for
/// interactions, level text verbatim in column names) and a <see cref="DesignRecipe"/> to encode frames the same way.
/// </summary>
public static class DesignBuilder
{
    public static DesignResult Build(Formula formula, ITableSource source, DesignOptions options)
    {
        FormulaColumns.Check(formula, source.Schema.Select(c => c.Name).ToList(), source.Description);
        var required = formula.Variables;
        if (source.FirstRowWhere("TRUE", []) is null)
        {
            throw new UserInputException($"{source.Description} has no data rows (only a header?). Add rows, or check the file or query.");
        }

        LevelOrders.Check(options.LevelOrder, source);
        if (options.Family is not (Family.Cumulative or Family.Categorical))
        {
            RequireNumericResponse(formula, source);
        }

        var family = FamilyRules.Resolve(formula, source, options.Family, required);
        var link = FamilyRules.ResolveLink(family, options.Link);
        FamilyRules.Validate(formula, family, source, required);
        var familyChoice = FamilyInference.Explain(formula, source, options.Family, family, required);
        TransformDomainCheck.Run(formula, source, required);

        var keys = KeyColumns(formula);
        var categories = family switch
        {
            Family.Cumulative => OrdinalCategories.Resolve(formula, source, options.LevelOrder, required),
            Family.Categorical => OrdinalCategories.ResolveUnordered(formula, source, options.LevelOrder, required),
            Family.Multinomial => OrdinalCategories.FromCounts(formula.Response.Counts!),
            _ => null,
        };
        var loaded = ResponseLoader.Load(formula, family, source, keys, required, options.Aggregate, categories);
        var cells = loaded.Cells;
        var rowsUsed = (long)loaded.Response.RowsPerCell.Sum();
        if (rowsUsed == 0 && loaded.RowsDropped == 0)
        {
            throw new UserInputException($"{source.Description} has no data rows (only a header?). Add rows, or check the file or query.");
        }

        if (rowsUsed == 0)
        {
            throw new UserInputException($"{source.Description}: no rows left after dropping {loaded.RowsDropped} with missing values in {string.Join(", ", required)}.");
        }

        var kinds = source.Schema.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        MostlyNumericColumnCheck.Run(formula, source, cells, kinds, required);
        var predictors = PredictorSpecs.Build(formula, cells, kinds, options.LevelOrder);
        var fixedColumns = ContrastCoding.Columns(formula.FixedTerms, formula.HasIntercept, predictors);
        if (family == Family.Cumulative)
        {
            // The thresholds take the intercept's place; factors keep their treatment coding (brms drops the column).
            fixedColumns = fixedColumns.Where(c => c.Parts.Count > 0).ToList();
        }

        var structureWarnings = new List<string>();
        var groups = formula.GroupTerms.Select(g =>
        {
            var structured = g.Structure is null ? default : StructuredLevels.Resolve(g, cells, kinds, options, structureWarnings);
            return new GroupRecipe(
                g.GroupName,
                g.GroupFactors,
                structured.Levels ?? GroupLevels.Of(g.GroupFactors, cells, kinds, options.LevelOrder),
                ContrastCoding.Columns(g.Slopes, g.HasIntercept, predictors),
                g.Correlated)
            { Structure = structured.Term };
        }).ToList();
        var recipe = new DesignRecipe(predictors, fixedColumns, groups);
        var encoded = recipe.Encode(cells);

        var modelFamily = family == Family.Bernoulli && loaded.Aggregated ? Family.Binomial : family;
        var design = new ModelDesign
        {
            Family = modelFamily,
            Link = link,
            CellCount = cells.RowCount,
            Aggregated = loaded.Aggregated,
            Response = loaded.Response,
            FixedEffects = new FixedEffectsDesign
            {
                Names = fixedColumns.Select(c => c.Name).ToList(),
                X = encoded.X,
                InterceptIndex = fixedColumns.ToList().FindIndex(c => c.Parts.Count == 0),
            },
            GroupTerms = groups.Select((g, k) => new GroupTermDesign
            {
                Name = g.Name,
                Levels = g.Levels,
                LevelIndex = encoded.Groups[k].LevelIndex,
                CoefficientNames = g.Coefficients.Select(c => c.Name).ToList(),
                Z = encoded.Groups[k].Z,
                Correlated = g.Correlated,
                Structure = g.Structure,
            }).ToList(),
            RowStatistics = RowStatisticsOf(encoded.X, fixedColumns.Count, loaded.Response.RowsPerCell, loaded.ResponseMean, loaded.ResponseSd),
        };
        if (CategoryFamilies.IsUnordered(family))
        {
            ReferenceCategoryCheck.Run(design, ResponseName(formula.Response), formula.Response.Counts is not null);
        }

        DesignChecks.Run(formula, design);
        return new DesignResult(design, recipe, family, rowsUsed, loaded.RowsDropped, cells.RowCount)
        {
            CellValues = cells,
            FamilyReason = familyChoice.Reason,
            Warnings = [.. familyChoice.Warnings, .. structureWarnings],
        };
    }

    /// <summary>The response as users wrote it: the outcome, or <c>cbind(A, B, C)</c> for multinomial counts.</summary>
    internal static string ResponseName(ResponseSpec response) =>
        response.Counts is { } counts ? $"cbind({string.Join(", ", counts.Select(ExprText.Format))})" : ExprText.Format(response.Outcome);

    /// <summary>The response and its trials, se and weights must be numbers, whatever the family.</summary>
    private static void RequireNumericResponse(Formula formula, ITableSource source)
    {
        var r = formula.Response;
        var kinds = source.Schema.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        foreach (var expression in new[] { r.Outcome, r.Trials, r.Failures, r.KnownSe, r.Weights }.OfType<Expr>().Concat(r.Counts ?? []))
        {
            foreach (var variable in DesignRecipe.Variables(expression))
            {
                if (kinds.TryGetValue(variable, out var kind) && kind == ColumnKind.Text)
                {
                    throw new UserInputException(
                        $"Response column '{variable}' in {source.Description} holds text; the response must be numeric " +
                        "(0/1 for bernoulli, counts for binomial or poisson, numbers for gaussian). Recode it, e.g. with duckdb:?query=SELECT (answer = 'yes')::INT AS y, … .");
                }
            }
        }
    }

    /// <summary>Columns that define a cell: every column read by a predictor, a slope or a grouping factor.</summary>
    private static List<string> KeyColumns(Formula formula)
    {
        var predictors = formula.FixedTerms.Concat(formula.GroupTerms.SelectMany(g => g.Slopes))
            .SelectMany(t => t.Factors)
            .SelectMany(p => DesignRecipe.Variables(p.Expression));
        return predictors.Concat(formula.GroupTerms.SelectMany(g => g.GroupFactors)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Means and sds (n − 1) of the design columns over the original rows: each cell counts its rows.</summary>
    internal static RowStatistics RowStatisticsOf(double[] x, int p, double[] rowsPerCell, double responseMean, double responseSd)
    {
        var w = rowsPerCell;
        var n = w.Sum();
        var means = new double[p];
        var sds = new double[p];
        for (var j = 0; j < p; j++)
        {
            double sum = 0, sumSquares = 0;
            for (var i = 0; i < w.Length; i++)
            {
                var v = x[i * p + j];
                sum += w[i] * v;
                sumSquares += w[i] * v * v;
            }

            means[j] = sum / n;
            sds[j] = n > 1 ? Math.Sqrt(Math.Max(0, (sumSquares - n * means[j] * means[j]) / (n - 1))) : double.NaN;
        }

        return new RowStatistics { RowCount = n, ColumnMeans = means, ColumnSds = sds, ResponseMean = responseMean, ResponseSd = responseSd };
    }
}
