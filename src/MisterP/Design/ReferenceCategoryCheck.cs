using MisterP.Families;

namespace MisterP.Design;

/// <summary>
/// An unordered model's reference category (the first) must occur: every other category's linear predictor is its log
/// odds against the reference, which has no finite value when the reference never happens.
/// </summary>
internal static class ReferenceCategoryCheck
{
    public static void Run(ModelDesign design, string outcome, bool countColumns)
    {
        var categories = design.Response.Categories!;
        var k = categories.Count;
        var totals = CategoryTotals(design.Response.CategoryCounts!, k);
        if (totals[0] > 0)
        {
            return;
        }

        var busiest = Enumerable.Range(1, k - 1).MaxBy(j => totals[j]);
        var reordered = string.Join(countColumns ? ", " : ",", new[] { categories[busiest] }.Concat(categories.Where((_, j) => j != busiest)));
        var how = countColumns
            ? $"put another count column first, e.g. cbind({reordered})"
            : $"choose another reference with --levels {outcome}=\"{reordered}\"";
        throw new UserInputException(
            $"The reference category '{categories[0]}' of '{outcome}' never occurs in the data, so the other categories' odds against it are unbounded; {how} ('{categories[busiest]}' occurs {totals[busiest]:0.##} times).");
    }

    /// <summary>Per category, its total (weighted) count over all cells.</summary>
    public static double[] CategoryTotals(double[] counts, int categories)
    {
        var totals = new double[categories];
        for (var i = 0; i < counts.Length; i++)
        {
            totals[i % categories] += counts[i];
        }

        return totals;
    }
}
