using System.Globalization;
using MisterP.Data;

namespace MisterP.Compare;

/// <summary>
/// One quantity of an ordinal (or categorical) EST.csv as a value per respondent, so that its raw, survey-weighted or
/// raked estimate is a (weighted) mean of that value. The values are poststrat's (<c>CategoryPoststratifier</c>):
/// <c>share:C</c> the indicator of C; <c>top_K</c> the indicator of the top K categories in level order; <c>nps</c>
/// +100 for 9–10, −100 for 0–6 and 0 otherwise on a 0..10 item; <c>mean</c> the category's score (<c>--score</c>; else the
/// category itself when every category is a number, else its position 1..K), so a mean of values is Σ value·share.
/// </summary>
public sealed class OrdinalQuantity
{
    private OrdinalQuantity(string quantity, string category, IReadOnlyList<string> categories, double[] values)
    {
        Quantity = quantity;
        Category = category;
        Categories = categories;
        Values = values;
    }

    public string Quantity { get; }

    /// <summary>The category of a <c>share</c>; empty for the other quantities.</summary>
    public string Category { get; }

    /// <summary>The outcome's categories in level order, as the estimates name them.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>The value of a respondent answering each category, in <see cref="Categories"/>' order.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <param name="categories">The outcome's categories in order, as the estimates name them.</param>
    /// <param name="scores">The score of each category for <c>mean</c> (poststrat's <c>--score</c>); null for poststrat's default.</param>
    public static OrdinalQuantity Of(string quantity, string category, IReadOnlyList<string> categories, IReadOnlyList<double>? scores = null)
    {
        var k = categories.Count;
        if (scores is not null && scores.Count != k)
        {
            throw new UserInputException($"--score gives {scores.Count} value(s), but the estimates have {k} categories ({string.Join(", ", categories)}).");
        }

        double[] Each(Func<int, double> value) => Enumerable.Range(0, k).Select(value).ToArray();
        if (quantity == "share")
        {
            var index = categories.ToList().IndexOf(category);
            return index >= 0
                ? new OrdinalQuantity(quantity, category, categories, Each(c => c == index ? 1 : 0))
                : throw new UserInputException($"The estimates have no category '{category}'; their categories are {string.Join(", ", categories)}.");
        }

        if (quantity == "nps")
        {
            return new OrdinalQuantity(quantity, string.Empty, categories, Each(c => c >= 9 ? 100 : c <= 6 ? -100 : 0));
        }

        if (quantity.StartsWith("top_", StringComparison.Ordinal) && int.TryParse(quantity[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var top))
        {
            return new OrdinalQuantity(quantity, string.Empty, categories, Each(c => c >= k - Math.Min(top, k) ? 1 : 0));
        }

        if (quantity == "mean")
        {
            var numbers = categories.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
            var values = scores?.ToArray() ?? (numbers.Any(double.IsNaN) ? Each(c => c + 1.0) : numbers);
            return new OrdinalQuantity(quantity, string.Empty, categories, values);
        }

        throw new UserInputException($"Unknown quantity '{quantity}': ordinal estimates have share, mean, top_K and nps.");
    }

    /// <summary>
    /// The value per row as SQL over <paramref name="sample"/>'s <paramref name="outcome"/> column (NULL for an answer
    /// that is not a category: <see cref="RequireCategories"/> rules those out first).
    /// </summary>
    public string Sql(ITableSource sample, string outcome)
    {
        var numeric = OutcomeColumn(sample, outcome).Kind == ColumnKind.Numeric;
        string Literal(string level) => numeric
            ? double.Parse(level, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)
            : Data.Sql.Literal(level);
        return $"CASE {Data.Sql.Identifier(outcome)} " +
               string.Concat(Categories.Select((c, k) => $"WHEN {Literal(c)} THEN {Values[k].ToString("R", CultureInfo.InvariantCulture)} ")) + "END";
    }

    /// <summary>
    /// Every answer in <paramref name="sample"/>'s <paramref name="outcome"/> column must be one of the estimates'
    /// <paramref name="categories"/> (as the fit named them): an answer the fit never had cannot be scored as poststrat did.
    /// </summary>
    public static void RequireCategories(ITableSource sample, string outcome, IReadOnlyList<string> categories)
    {
        OutcomeColumn(sample, outcome);
        var answers = ComparisonBuilder.Text(sample.LoadAggregated([outcome], [], [outcome]).Table[outcome]);
        var known = categories.ToHashSet(StringComparer.Ordinal);
        var unknown = answers.Where(a => !known.Contains(a)).ToList();
        if (unknown.Count > 0)
        {
            throw new UserInputException(
                $"{sample.Description}: outcome '{outcome}' has value(s) {string.Join(", ", unknown.Take(10).Select(u => $"'{u}'"))}" +
                (unknown.Count > 10 ? $" and {unknown.Count - 10} more" : string.Empty) +
                $" that are not among the estimates' categories ({string.Join(", ", categories)}); recode the sample's answers to the fit's categories.");
        }
    }

    private static ColumnSchema OutcomeColumn(ITableSource sample, string outcome) => sample.Schema.FirstOrDefault(s => s.Name == outcome)
        ?? throw new UserInputException($"{sample.Description} has no column '{outcome}'; its columns are {string.Join(", ", sample.Schema.Select(s => s.Name))}.");
}
