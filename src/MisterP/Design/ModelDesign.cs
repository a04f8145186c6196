using MisterP.Families;

namespace MisterP.Design;

/// <summary>
/// Everything a model needs about the data, over cells (aggregated rows with identical predictors) or rows:
/// the response, the fixed-effect matrix and, per group term, a level index per cell and its slope columns.
/// Produced by the design layer from a formula and a table; consumed by models and classical fits.
/// </summary>
public sealed class ModelDesign
{
    public required Family Family { get; init; }

    public required Link Link { get; init; }

    /// <summary>Number of cells (rows of <see cref="FixedEffects"/>).</summary>
    public required int CellCount { get; init; }

    /// <summary>True when rows were aggregated into cells (so row-scale statistics differ from cell-scale).</summary>
    public required bool Aggregated { get; init; }

    public required ResponseData Response { get; init; }

    public required FixedEffectsDesign FixedEffects { get; init; }

    public required IReadOnlyList<GroupTermDesign> GroupTerms { get; init; }

    /// <summary>Row-scale summaries used to autoscale default priors (unchanged by aggregation).</summary>
    public required RowStatistics RowStatistics { get; init; }

    /// <summary>The same design with its group terms left out (the fixed-effects part, e.g. for classical start values).</summary>
    /// <summary>
    /// What each fixed-effect column is centred by when the intercept is sampled on centred predictors (rstanarm,
    /// brms): its row mean, 0 for the intercept column — and 0 for every column when there is no intercept, since then
    /// nothing absorbs the shift and centring would change the model.
    /// </summary>
    public double[] PredictorCenters()
    {
        var intercept = FixedEffects.InterceptIndex;
        // An ordinal model's thresholds absorb the shift as an intercept would.
        var absorbed = intercept >= 0 || Family == Family.Cumulative;
        return Enumerable.Range(0, FixedEffects.ColumnCount).Select(j => !absorbed || j == intercept ? 0 : RowStatistics.ColumnMeans[j]).ToArray();
    }

    public ModelDesign WithoutGroupTerms() => new()
    {
        Family = Family,
        Link = Link,
        CellCount = CellCount,
        Aggregated = Aggregated,
        Response = Response,
        FixedEffects = FixedEffects,
        GroupTerms = [],
        RowStatistics = RowStatistics,
    };
}

/// <summary>Per-cell response data; arrays have length <see cref="ModelDesign.CellCount"/>.</summary>
public sealed class ResponseData
{
    /// <summary>
    /// Bernoulli/binomial: successes. Gaussian: Σy over the cell's rows (y itself when not aggregated).
    /// Poisson/negative binomial: Σy (y itself when not aggregated).
    /// </summary>
    public required double[] Y { get; init; }

    /// <summary>Bernoulli/binomial: trials. Other families: number of rows in the cell (all 1 when not aggregated).</summary>
    public required double[] Trials { get; init; }

    /// <summary>Number of original data rows behind each cell (all 1 when not aggregated).</summary>
    public required double[] RowsPerCell { get; init; }

    /// <summary>Gaussian aggregated cells: Σy² over the cell's rows; null otherwise.</summary>
    public double[]? SumOfSquares { get; init; }

    /// <summary>Likelihood weights (<c>y | weights(w)</c>); null means 1. Rows are never aggregated with weights.</summary>
    public double[]? Weights { get; init; }

    /// <summary>Offset added to η; null means 0.</summary>
    public double[]? Offset { get; init; }

    /// <summary>Known measurement standard errors (<c>y | se(s)</c>); null when absent. Rows are never aggregated then.</summary>
    public double[]? KnownSe { get; init; }

    /// <summary>
    /// Sum over the original rows of the log-likelihood terms that do not depend on parameters
    /// (e.g. Σ log C(n, k) for binomial rows, −Σ log y! for Poisson), so that log-likelihood, deviance and AIC
    /// are reported on the row scale as R does, even after aggregation.
    /// </summary>
    public double LogLikelihoodConstant { get; init; }

    /// <summary>Ordinal and categorical families: the outcome's categories in order; null otherwise.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>
    /// With <see cref="Categories"/>: per cell, the (weighted) count of each category, row-major
    /// <c>[cell * Categories.Count + k]</c>; <see cref="Weights"/> are already applied.
    /// </summary>
    public double[]? CategoryCounts { get; init; }
}

/// <summary>Dense fixed-effect matrix, row-major: <c>X[cell * ColumnCount + j]</c>.</summary>
public sealed class FixedEffectsDesign
{
    /// <summary>Column names as R's model.matrix prints them (level text verbatim), but "Intercept" for "(Intercept)".</summary>
    public required IReadOnlyList<string> Names { get; init; }

    public required double[] X { get; init; }

    public int ColumnCount => Names.Count;

    /// <summary>Index of the intercept column, or −1 when the formula has none.</summary>
    public required int InterceptIndex { get; init; }
}

/// <summary>One group term such as <c>(1 + x | state)</c> or <c>(1 | educ:age)</c>.</summary>
public sealed class GroupTermDesign
{
    /// <summary>Grouping factor as written in the formula: <c>state</c>, <c>educ:age</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Levels in order; an interaction's levels join the factors' levels with '_' (<c>4-Year College_18-29</c>).</summary>
    public required IReadOnlyList<string> Levels { get; init; }

    /// <summary>Level of each cell, an index into <see cref="Levels"/>.</summary>
    public required int[] LevelIndex { get; init; }

    /// <summary>Varying coefficient names: <c>Intercept</c>, <c>x</c>, ...</summary>
    public required IReadOnlyList<string> CoefficientNames { get; init; }

    /// <summary>Slope columns, row-major <c>Z[cell * CoefficientCount + k]</c> (1 for the intercept).</summary>
    public required double[] Z { get; init; }

    public int CoefficientCount => CoefficientNames.Count;

    /// <summary>True for <c>(1 + x | g)</c> (correlated), false for <c>(1 + x || g)</c> or a single coefficient.</summary>
    public required bool Correlated { get; init; }

    /// <summary>A structured prior over the levels (rw1, rw2, ar1, icar, bym2); null for iid effects.</summary>
    public Structured.StructuredTerm? Structure { get; init; }
}

/// <summary>Row-scale statistics (each cell weighted by its rows, or trials for binomial rows made of Bernoulli rows).</summary>
public sealed class RowStatistics
{
    /// <summary>Number of original rows used.</summary>
    public required double RowCount { get; init; }

    /// <summary>Mean of each fixed-effect column over rows.</summary>
    public required double[] ColumnMeans { get; init; }

    /// <summary>Standard deviation (n − 1) of each fixed-effect column over rows.</summary>
    public required double[] ColumnSds { get; init; }

    /// <summary>Mean of the response over rows (gaussian/count; the success rate for binomial).</summary>
    public required double ResponseMean { get; init; }

    /// <summary>Standard deviation (n − 1) of the response over rows.</summary>
    public required double ResponseSd { get; init; }
}
