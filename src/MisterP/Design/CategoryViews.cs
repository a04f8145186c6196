using MisterP.Families;

namespace MisterP.Design;

/// <summary>
/// A categorical or multinomial design seen from one non-reference category c: the same cells, predictors and group
/// terms, as a binomial-logit design of n_c successes out of N. Each category's linear predictor is a GLM predictor of
/// its own, so its default priors, information scaling and outputs are the GLM's, taken per category; the view's
/// binomial information at the mean, N·p̄_c(1 − p̄_c), is the diagonal of the softmax's Fisher information about η_c.
/// </summary>
public static class CategoryViews
{
    /// <summary>One view per non-reference category (categories 1 … K − 1), in order.</summary>
    public static IReadOnlyList<ModelDesign> Of(ModelDesign design)
    {
        if (!CategoryFamilies.IsUnordered(design.Family) || design.Response.Categories is not { } categories)
        {
            throw new ArgumentException("Category views need a categorical or multinomial design.", nameof(design));
        }

        var k = categories.Count;
        var counts = design.Response.CategoryCounts!;
        var totals = new double[design.CellCount];
        for (var i = 0; i < totals.Length; i++)
        {
            for (var j = 0; j < k; j++)
            {
                totals[i] += counts[i * k + j];
            }
        }

        return Enumerable.Range(1, k - 1).Select(c =>
        {
            var successes = new double[design.CellCount];
            for (var i = 0; i < successes.Length; i++)
            {
                successes[i] = counts[i * k + c];
            }

            return new ModelDesign
            {
                Family = Family.Binomial,
                Link = Link.Logit,
                CellCount = design.CellCount,
                Aggregated = design.Aggregated,
                Response = new ResponseData { Y = successes, Trials = totals, RowsPerCell = design.Response.RowsPerCell },
                FixedEffects = design.FixedEffects,
                GroupTerms = design.GroupTerms,
                RowStatistics = design.RowStatistics,
            };
        }).ToList();
    }
}
