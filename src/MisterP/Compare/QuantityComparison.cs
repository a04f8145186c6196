namespace MisterP.Compare;

/// <summary>The comparison of one quantity (and category) of an ordinal EST.csv: per group raw, MRP and truth, and its accuracy.</summary>
public sealed record QuantityComparison(string Quantity, string Category, IReadOnlyList<GroupComparison> Rows, ComparisonSummary Summary)
{
    /// <summary>How the quantity reads in tables: <c>mean</c>, <c>share:B</c>.</summary>
    public string Label => Category.Length == 0 ? Quantity : $"{Quantity}:{Category}";
}
