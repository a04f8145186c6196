using MisterP.Data;
using MisterP.Families;

namespace MisterP.Design;

/// <summary>
/// A fit's cells as a fit folder stores them: the model's raw input columns per cell (what the recipe encodes) and
/// the response aggregates per cell, plus the row-scale response statistics. The design is rebuilt from them with
/// the fit's recipe, exactly as <see cref="DesignBuilder"/> built it from the data, without reading the data again.
/// </summary>
public sealed record StoredCells(DataTable Table, double ResponseMean, double ResponseSd, double LogLikelihoodConstant)
{
    private const string Y = "__mrp_y";
    private const string Trials = "__mrp_trials";
    private const string Rows = "__mrp_rows";
    private const string SumOfSquares = "__mrp_yy";
    private const string Weights = "__mrp_weights";
    private const string KnownSe = "__mrp_se";

    /// <summary>An ordinal fit's (weighted) count of category k (1-based) per cell.</summary>
    public static string CategoryCount(int k) => $"__mrp_category_{k}";

    /// <summary>Respondents each cell stands for in a binomial fit (its trials) or any other fit (its rows).</summary>
    public static string RespondentsColumn(bool binomial) => binomial ? Trials : Rows;

    /// <summary>The cells of <paramref name="design"/> with their response aggregates as extra columns.</summary>
    public static StoredCells Of(DesignResult design)
    {
        var response = design.Design.Response;
        var columns = design.CellValues.Columns.ToList();
        columns.Add(new NumericColumn(Y, response.Y));
        columns.Add(new NumericColumn(Trials, response.Trials));
        columns.Add(new NumericColumn(Rows, response.RowsPerCell));
        AddOptional(columns, SumOfSquares, response.SumOfSquares);
        AddOptional(columns, Weights, response.Weights);
        AddOptional(columns, KnownSe, response.KnownSe);
        if (response.Categories is { } categories)
        {
            var counts = response.CategoryCounts!;
            for (var k = 0; k < categories.Count; k++)
            {
                columns.Add(new NumericColumn(CategoryCount(k + 1), Enumerable.Range(0, design.Cells).Select(i => counts[i * categories.Count + k]).ToArray()));
            }
        }

        var stats = design.Design.RowStatistics;
        return new StoredCells(new DataTable(columns), stats.ResponseMean, stats.ResponseSd, response.LogLikelihoodConstant);
    }

    private static void AddOptional(List<DataColumn> columns, string name, double[]? values)
    {
        if (values is not null)
        {
            columns.Add(new NumericColumn(name, values));
        }
    }

    /// <summary>
    /// The design rebuilt from the stored cells with the fit's recipe (the same cells, columns and levels); an ordinal
    /// fit passes its <paramref name="categories"/> to get its per-cell category counts back.
    /// </summary>
    public DesignResult Rebuild(DesignRecipe recipe, Family requestedFamily, Link link, bool aggregated, long rowsDropped, IReadOnlyList<string>? categories = null)
    {
        foreach (var name in new[] { Y, Trials, Rows })
        {
            if (!Table.Contains(name) || Table[name] is not NumericColumn)
            {
                throw new UserInputException($"The stored cells lack the column '{name}'; refit.");
            }
        }

        var keys = Table.Columns.Where(c => !c.Name.StartsWith("__mrp_", StringComparison.Ordinal)).ToList();
        var rows = Numbers(Rows)!;
        var cells = new DataTable(keys, aggregated || keys.Count == 0 ? rows : null);
        var encoded = recipe.Encode(cells);
        var response = new ResponseData
        {
            Y = Numbers(Y)!,
            Trials = Numbers(Trials)!,
            RowsPerCell = rows,
            SumOfSquares = Numbers(SumOfSquares),
            Weights = Numbers(Weights),
            KnownSe = Numbers(KnownSe),
            LogLikelihoodConstant = LogLikelihoodConstant,
            Categories = categories,
            CategoryCounts = categories is null ? null : CategoryCounts(categories.Count),
        };
        var design = new ModelDesign
        {
            Family = requestedFamily == Family.Bernoulli && aggregated ? Family.Binomial : requestedFamily,
            Link = link,
            CellCount = cells.RowCount,
            Aggregated = aggregated,
            Response = response,
            FixedEffects = new FixedEffectsDesign
            {
                Names = recipe.FixedColumns.Select(c => c.Name).ToList(),
                X = encoded.X,
                InterceptIndex = recipe.FixedColumns.ToList().FindIndex(c => c.Parts.Count == 0),
            },
            GroupTerms = recipe.Groups.Select((g, k) => new GroupTermDesign
            {
                Name = g.Name,
                Levels = g.Levels,
                LevelIndex = encoded.Groups[k].LevelIndex,
                CoefficientNames = g.Coefficients.Select(c => c.Name).ToList(),
                Z = encoded.Groups[k].Z,
                Correlated = g.Correlated,
                Structure = g.Structure,
            }).ToList(),
            RowStatistics = DesignBuilder.RowStatisticsOf(encoded.X, recipe.FixedColumns.Count, rows, ResponseMean, ResponseSd),
        };
        return new DesignResult(design, recipe, requestedFamily, (long)rows.Sum(), rowsDropped, cells.RowCount) { CellValues = cells };
    }

    /// <summary>The stored category counts, row-major <c>[cell · K + k]</c> as <see cref="ResponseData.CategoryCounts"/>.</summary>
    private double[] CategoryCounts(int count)
    {
        var columns = Enumerable.Range(1, count).Select(k => Numbers(CategoryCount(k)) ?? throw new UserInputException(
            $"The stored cells lack the ordinal counts '{CategoryCount(k)}' (a fit folder from an older mrp); refit.")).ToArray();
        var cells = Table.RowCount;
        var result = new double[cells * count];
        for (var i = 0; i < cells; i++)
        {
            for (var k = 0; k < count; k++)
            {
                result[i * count + k] = columns[k][i];
            }
        }

        return result;
    }

    private double[]? Numbers(string name) => Table.Contains(name) ? ((NumericColumn)Table[name]).Values : null;
}
