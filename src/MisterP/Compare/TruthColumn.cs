namespace MisterP.Compare;

/// <summary>
/// One <c>--truth-column</c> of <c>mrp compare</c>: a bare column (binary estimates), or <c>QUANTITY[:CATEGORY]=COLUMN</c>
/// naming the truth of one quantity of an ordinal EST.csv (<c>mean=mean_rating</c>, <c>top_2=top2</c>, <c>share:B=pB</c>,
/// <c>nps=nps</c>).
/// </summary>
public sealed record TruthColumn(string? Quantity, string Category, string Column)
{
    public static TruthColumn Parse(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return new TruthColumn(null, string.Empty, spec.Trim());
        }

        var target = spec[..equals].Trim();
        var column = spec[(equals + 1)..].Trim();
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        var quantity = colon < 0 ? target : target[..colon].Trim();
        var category = colon < 0 ? string.Empty : target[(colon + 1)..].Trim();
        if (quantity.Length == 0 || column.Length == 0 || (quantity == "share") != (category.Length > 0))
        {
            throw new UserInputException(
                $"--truth-column '{spec}' is not QUANTITY[:CATEGORY]=COLUMN: give e.g. mean=mean_rating, top_2=top2, nps=nps, or share:CATEGORY=COLUMN " +
                "(a category only, and always, for share).");
        }

        return new TruthColumn(quantity, category, column);
    }

    /// <summary>How the quantity reads in tables: <c>mean</c>, <c>share:B</c>.</summary>
    public string Label => Category.Length == 0 ? Quantity ?? Column : $"{Quantity}:{Category}";
}
