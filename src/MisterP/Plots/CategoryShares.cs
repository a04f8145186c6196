using MisterP.Output;
using MisterP.Poststrat;

namespace MisterP.Plots;

/// <summary>One group's post-stratified share of every category, in the outcome's order (posterior means).</summary>
public sealed record GroupShares(IReadOnlyList<string> Key, IReadOnlyList<double> Shares)
{
    public string Label => string.Join(" · ", Key);
}

/// <summary>
/// The <c>share</c> rows of an ordinal fit's EST.csv for one grouping set: per group, the share of each category, in
/// the order EST.csv lists the categories (the outcome's, <c>--levels</c> included) and groups.
/// </summary>
public sealed class CategoryShares
{
    private CategoryShares(string set, IReadOnlyList<string> columns, IReadOnlyList<string> categories, IReadOnlyList<GroupShares> groups)
    {
        Set = set;
        Columns = columns;
        Categories = categories;
        Groups = groups;
    }

    public string Set { get; }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<string> Categories { get; }

    public IReadOnlyList<GroupShares> Groups { get; }

    /// <summary>True when <paramref name="estimatesPath"/> is an ordinal fit's EST.csv (it has a <c>quantity</c> column).</summary>
    public static bool IsOrdinal(string estimatesPath) => CsvTable.Read(estimatesPath, "estimates file").Has("quantity");

    /// <param name="estimatesPath">EST.csv from <c>mrp poststrat</c> of an ordinal fit.</param>
    /// <param name="by">The grouping set; null picks as <see cref="GroupResults.Load"/> does.</param>
    public static CategoryShares Load(string estimatesPath, string? by)
    {
        // The set chosen and its columns, as for one quantity (the mean rows exist for every group).
        var chosen = GroupResults.Load(estimatesPath, null, by);
        var est = CsvTable.Read(estimatesPath, "estimates file");
        est.Require(["quantity", "category"], "an ordinal fit's EST.csv");
        var (byColumn, quantity, category) = (est.IndexOf("by"), est.IndexOf("quantity"), est.IndexOf("category"));
        var rows = est.Rows.Where(r => r.Fields[byColumn] == chosen.Set && r.Fields[quantity] == "share").ToList();
        var categories = rows.Select(r => r.Fields[category]).Distinct(StringComparer.Ordinal).ToList();
        var groups = rows
            .GroupBy(r => string.Join('\u001f', chosen.Columns.Select(c => r.Fields[est.IndexOf(c)])), StringComparer.Ordinal)
            .Select(g =>
            {
                var byCategory = g.ToDictionary(r => r.Fields[category], r => est.Number(r, "estimate"), StringComparer.Ordinal);
                return new GroupShares(
                    chosen.Columns.Select(c => g.First().Fields[est.IndexOf(c)]).ToList(),
                    categories.Select(c => byCategory.TryGetValue(c, out var v) ? v : double.NaN).ToList());
            })
            .ToList();
        return new CategoryShares(chosen.Set == GroupingSet.Everyone ? GroupingSet.Everyone : chosen.Set, chosen.Columns, categories, groups);
    }
}
