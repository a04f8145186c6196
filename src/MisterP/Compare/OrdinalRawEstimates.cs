using MisterP.Data;

namespace MisterP.Compare;

/// <summary>
/// Raw (unweighted) sample values of an ordinal quantity per group, computed in the engine as the mean of the
/// quantity's value per respondent (<see cref="OrdinalQuantity"/>: a category indicator for <c>share</c> and
/// <c>top_K</c>, ±100 for <c>nps</c>, the category's score for <c>mean</c>).
/// </summary>
public static class OrdinalRawEstimates
{
    /// <param name="categories">The outcome's categories in order, as the estimates name them.</param>
    /// <param name="scores">The value of each category for <c>mean</c> (poststrat's <c>--score</c>); null for poststrat's default.</param>
    public static IReadOnlyList<RawEstimate> Compute(
        ITableSource sample, string outcome, IReadOnlyList<string> by, string quantity, string category, IReadOnlyList<string> categories, IReadOnlyList<double>? scores = null) =>
        Compute(sample, outcome, by, OrdinalQuantity.Of(quantity, category, categories, scores));

    public static IReadOnlyList<RawEstimate> Compute(ITableSource sample, string outcome, IReadOnlyList<string> by, OrdinalQuantity quantity) =>
        RawEstimates.Compute(sample, by, outcome, quantity.Sql(sample, outcome));
}
