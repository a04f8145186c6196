using System.Globalization;
using MisterP.Data;

namespace MisterP.Compare;

/// <summary>
/// Raw (unweighted) sample values of an ordinal quantity per group, computed in the engine as the mean of a per-row
/// SQL expression: the indicator of a category set for <c>share</c> and <c>top_K</c>, ±100 for <c>nps</c> (9–10 vs 0–6),
/// and for <c>mean</c> the category's score (<c>--score</c>; else the outcome itself, or its position 1..K for a text outcome).
/// </summary>
public static class OrdinalRawEstimates
{
    /// <param name="categories">The outcome's categories in order, as the estimates name them.</param>
    /// <param name="scores">The value of each category for <c>mean</c> (poststrat's <c>--score</c>); null for the outcome itself (numeric) or 1..K (text).</param>
    public static IReadOnlyList<RawEstimate> Compute(
        ITableSource sample, string outcome, IReadOnlyList<string> by, string quantity, string category, IReadOnlyList<string> categories, IReadOnlyList<double>? scores = null)
    {
        if (scores is not null && scores.Count != categories.Count)
        {
            throw new UserInputException($"--score gives {scores.Count} value(s), but the estimates have {categories.Count} categories ({string.Join(", ", categories)}).");
        }

        var column = sample.Schema.FirstOrDefault(s => s.Name == outcome)
            ?? throw new UserInputException($"{sample.Description} has no column '{outcome}'; its columns are {string.Join(", ", sample.Schema.Select(s => s.Name))}.");
        var numeric = column.Kind == ColumnKind.Numeric;
        var expression = Expression(Sql.Identifier(outcome), numeric, quantity, category, categories, scores);
        return RawEstimates.Compute(sample, by, outcome, expression);
    }

    private static string Expression(string y, bool numeric, string quantity, string category, IReadOnlyList<string> categories, IReadOnlyList<double>? scores)
    {
        string Literal(string level) => numeric ? double.Parse(level, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) : Sql.Literal(level);
        string Indicator(IEnumerable<string> levels) => $"CAST({y} IN ({string.Join(", ", levels.Select(Literal))}) AS DOUBLE)";
        if (quantity == "share")
        {
            return categories.Contains(category) ? Indicator([category]) : throw new UserInputException(
                $"The estimates have no category '{category}'; their categories are {string.Join(", ", categories)}.");
        }

        if (quantity == "nps")
        {
            return $"100.0 * {Indicator(categories.Skip(9))} - 100.0 * {Indicator(categories.Take(7))}";
        }

        if (quantity.StartsWith("top_", StringComparison.Ordinal) && int.TryParse(quantity[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var top))
        {
            return Indicator(categories.Skip(categories.Count - Math.Min(top, categories.Count)));
        }

        if (quantity == "mean")
        {
            if (numeric && scores is null)
            {
                return $"CAST({y} AS DOUBLE)";
            }

            var values = scores ?? categories.Select((_, k) => k + 1.0).ToList();
            return "CASE " + string.Concat(categories.Select((c, k) => $"WHEN {y} = {Literal(c)} THEN {values[k].ToString("R", CultureInfo.InvariantCulture)} ")) + "END";
        }

        throw new UserInputException($"Unknown quantity '{quantity}': ordinal estimates have share, mean, top_K and nps.");
    }
}
