using MisterP.Design;

namespace MisterP.Checking;

/// <summary>
/// A model design restricted to some of its cells — a K-fold training set. Group terms keep every level (a level
/// whose cells are all held out simply has no data, so its effect follows N(0, σ) in the fold's posterior), and the
/// row statistics stay the full data's, so the predictor centring and the priors built from them are the full fit's.
/// </summary>
public static class CellSubset
{
    public static ModelDesign Of(ModelDesign design, IReadOnlyList<int> cells)
    {
        var response = design.Response;
        var p = design.FixedEffects.ColumnCount;
        var x = new double[cells.Count * p];
        for (var r = 0; r < cells.Count; r++)
        {
            Array.Copy(design.FixedEffects.X, cells[r] * p, x, r * p, p);
        }

        return new ModelDesign
        {
            Family = design.Family,
            Link = design.Link,
            CellCount = cells.Count,
            Aggregated = design.Aggregated,
            Response = new ResponseData
            {
                Y = Pick(response.Y, cells, 1)!,
                Trials = Pick(response.Trials, cells, 1)!,
                RowsPerCell = Pick(response.RowsPerCell, cells, 1)!,
                SumOfSquares = Pick(response.SumOfSquares, cells, 1),
                Weights = Pick(response.Weights, cells, 1),
                Offset = Pick(response.Offset, cells, 1),
                KnownSe = Pick(response.KnownSe, cells, 1),
                LogLikelihoodConstant = response.LogLikelihoodConstant,
                Categories = response.Categories,
                CategoryCounts = response.Categories is { } categories ? Pick(response.CategoryCounts, cells, categories.Count) : null,
            },
            FixedEffects = new FixedEffectsDesign { Names = design.FixedEffects.Names, X = x, InterceptIndex = design.FixedEffects.InterceptIndex },
            GroupTerms = design.GroupTerms.Select(t => new GroupTermDesign
            {
                Name = t.Name,
                Levels = t.Levels,
                LevelIndex = cells.Select(c => t.LevelIndex[c]).ToArray(),
                CoefficientNames = t.CoefficientNames,
                Z = Pick(t.Z, cells, t.CoefficientCount)!,
                Correlated = t.Correlated,
            }).ToList(),
            RowStatistics = design.RowStatistics,
        };
    }

    /// <summary>The rows of <paramref name="cells"/> of a row-major array of <paramref name="width"/> values per cell.</summary>
    private static double[]? Pick(double[]? values, IReadOnlyList<int> cells, int width)
    {
        if (values is null)
        {
            return null;
        }

        var result = new double[cells.Count * width];
        for (var r = 0; r < cells.Count; r++)
        {
            Array.Copy(values, cells[r] * width, result, r * width, width);
        }

        return result;
    }
}
