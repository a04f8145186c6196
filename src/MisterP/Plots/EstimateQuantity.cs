using MisterP.Output;

namespace MisterP.Plots;

/// <summary>
/// Which rows of an ordinal fit's EST.csv (columns <c>quantity</c>, <c>category</c>) a figure of one number per group
/// shows: <c>mean</c> (the default; the first category's share in a file of shares only), a derived quantity (<c>top_2</c>, <c>nps</c>) or one category's share
/// (<c>share:CATEGORY</c>). Files of other fits have one row per group and keep them all.
/// </summary>
internal sealed class EstimateQuantity
{
    public const string Default = "mean";

    private readonly int _quantityColumn;
    private readonly int _categoryColumn;
    private readonly string _quantity;
    private readonly string _category;

    private EstimateQuantity(string? name, int quantityColumn, int categoryColumn, string quantity, string category)
    {
        Name = name;
        _quantityColumn = quantityColumn;
        _categoryColumn = categoryColumn;
        _quantity = quantity;
        _category = category;
    }

    /// <summary>The quantity as the user names it (<c>share:top</c>), or null for a file of one quantity.</summary>
    public string? Name { get; }

    public static EstimateQuantity Filter(CsvTable est, string path, string? requested)
    {
        if (!est.Has("quantity"))
        {
            return requested is null
                ? new EstimateQuantity(null, -1, -1, string.Empty, string.Empty)
                : throw new UserInputException($"--quantity applies to estimates of an ordinal fit (with a 'quantity' column); '{path}' holds one estimate per group.");
        }

        var quantityColumn = est.IndexOf("quantity");
        var categoryColumn = est.IndexOf("category");
        var present = est.Rows.Select(r => r.Fields[quantityColumn] == "share" ? "share:" + r.Fields[categoryColumn] : r.Fields[quantityColumn])
            .Distinct(StringComparer.Ordinal).ToList();
        // An unordered fit's file has shares only (no mean): by default its first category's share, the reference's.
        var name = (requested ?? (present.Contains(Default) || present.Count == 0 ? Default : present[0])).Trim();
        var colon = name.IndexOf(':');
        var (quantity, category) = colon < 0 ? (name, string.Empty) : (name[..colon], name[(colon + 1)..]);
        var filter = new EstimateQuantity(name, quantityColumn, categoryColumn, quantity, category);
        return est.Rows.Any(filter.Keeps)
            ? filter
            : throw new UserInputException($"--quantity '{name}' is not in '{path}'; its quantities are {string.Join(", ", present)} (post-stratify with --top K or --nps for those).");
    }

    public bool Keeps((int Line, string[] Fields) row) =>
        _quantityColumn < 0 || (row.Fields[_quantityColumn] == _quantity && (_categoryColumn < 0 || row.Fields[_categoryColumn] == _category));
}
