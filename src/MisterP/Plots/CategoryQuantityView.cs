using MisterP.Interpretation;

namespace MisterP.Plots;

/// <summary>
/// A categorical outcome's predictions, comparisons or slopes reduced to one quantity for a figure: the rows of
/// <c>share</c> (one series or panel per category) or <c>mean</c> (the expected score), on one y scale with the
/// quantity's own label. Results with one value per unit pass through unchanged.
/// </summary>
internal static class CategoryQuantityView
{
    public const string DefaultQuantity = "share";

    public static InterpretationResult Of(InterpretationResult result, string? quantity)
    {
        if (result.QuantityMeasures is not { } measures)
        {
            return quantity is null
                ? result
                : throw new UserInputException($"--quantity applies to ordinal (cumulative) fits, whose estimates hold several quantities; these hold one ({result.Measure}).");
        }

        var chosen = quantity ?? (measures.ContainsKey(DefaultQuantity) ? DefaultQuantity : measures.Keys.First());
        if (!measures.TryGetValue(chosen, out var measure))
        {
            throw new UserInputException($"--quantity '{chosen}' is not among these estimates' quantities: {string.Join(", ", measures.Keys)}.");
        }

        var quantityColumn = result.ColumnIndex("quantity");
        var categoryColumn = result.ColumnIndex("category");
        var rows = result.Rows.Where(r => r.Values[quantityColumn] == chosen).ToList();
        // Only shares have categories; drop the column (all empty) for the others, so no role is given to it.
        var keepCategory = rows.Any(r => r.Values[categoryColumn].Length > 0);
        var kept = Enumerable.Range(0, result.Columns.Count).Where(i => i != quantityColumn && (keepCategory || i != categoryColumn)).ToArray();
        return new InterpretationResult
        {
            Kind = result.Kind,
            Measure = measure,
            Columns = kept.Select(i => result.Columns[i]).ToList(),
            Rows = rows.Select(r => r with { Values = kept.Select(i => r.Values[i]).ToList() }).ToList(),
            Bayesian = result.Bayesian,
            Interval = result.Interval,
            Conditional = result.Conditional,
            Averaged = result.Averaged,
            DrawCount = result.DrawCount,
            NewLevels = result.NewLevels,
            Notes = result.Notes,
        };
    }
}
