using System.Globalization;
using MisterP.Data;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>
/// The categories of an ordered (or categorical) outcome, in order, with the SQL literal each is matched by: an
/// integer outcome takes min..max observed (or its <c>--levels</c>); a text outcome needs <c>--levels</c>, since code-point
/// order is rarely the scale's order ("agree" &lt; "disagree" &lt; "neutral").
/// </summary>
public sealed record OrdinalCategories(IReadOnlyList<string> Labels, IReadOnlyList<string> SqlValues)
{
    /// <summary>The SQL the outcome is compared with <see cref="SqlValues"/> by (text outcomes are not cast to numbers).</summary>
    public required string SqlOutcome { get; init; }

    public int Count => Labels.Count;

    /// <summary>
    /// Multinomial responses: per category, the SQL of its count on a row (<c>cbind(A, B, C, …)</c>'s columns), summed
    /// instead of matching <see cref="SqlValues"/>; null when each row holds one category.
    /// </summary>
    public IReadOnlyList<string>? CountSql { get; init; }

    /// <summary>
    /// The categories of <c>cbind(A, B, C, …)</c>: its columns as written, in order (the first is the reference, as in
    /// brms's <c>multinomial</c>).
    /// </summary>
    internal static OrdinalCategories FromCounts(IReadOnlyList<Expr> counts)
    {
        var labels = counts.Select(ExprText.Format).ToList();
        var duplicate = labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new UserInputException($"cbind(…) lists '{duplicate.Key}' {duplicate.Count()} times; give each category's count column once.");
        }

        return new OrdinalCategories(labels, labels) { SqlOutcome = "", CountSql = counts.Select(ExprSql.ToSql).ToList() };
    }

    /// <summary>
    /// Unordered (categorical) outcomes: the <c>--levels</c> order when given (its first level the reference), else
    /// the values observed, text in code-point order and numbers ascending, as R's <c>factor()</c> sorts them.
    /// </summary>
    internal static OrdinalCategories ResolveUnordered(
        Formula formula, ITableSource source, IReadOnlyDictionary<string, IReadOnlyList<string>>? levelOrder, IReadOnlyList<string> required)
    {
        var outcome = formula.Response.Outcome;
        var name = ExprText.Format(outcome);
        var variable = outcome is VariableExpr v ? v.Name : null;
        var kinds = source.Schema.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        var text = variable is not null && kinds.TryGetValue(variable, out var kind) && kind == ColumnKind.Text;
        if (variable is not null && levelOrder is not null && levelOrder.TryGetValue(variable, out var given))
        {
            return text || given.Any(g => !double.TryParse(g, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                ? Checked(new OrdinalCategories(given, given.Select(Sql.Literal).ToList()) { SqlOutcome = $"CAST({Sql.Identifier(variable)} AS VARCHAR)" }, name)
                : Checked(new OrdinalCategories(given, given.Select(g => LevelText.Format(double.Parse(g, CultureInfo.InvariantCulture))).ToList()) { SqlOutcome = ExprSql.ToSql(outcome) }, name);
        }

        if (text)
        {
            var found = DesignRecipe.TextValues(source.Load([variable!], required).Table, variable!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return Checked(new OrdinalCategories(found, found.Select(Sql.Literal).ToList()) { SqlOutcome = $"CAST({Sql.Identifier(variable!)} AS VARCHAR)" }, name);
        }

        var y = ExprSql.ToSql(outcome);
        if (source.FirstRowWhere($"isnan({y}) OR isinf({y})", required) is { } row)
        {
            throw new UserInputException($"{source.Description}, row {row}: '{name}' must be a finite number or text for a categorical model.");
        }

        var labels = source.EvaluatePerRow(y, required).Distinct().Order().Select(LevelText.Format).ToList();
        return Checked(new OrdinalCategories(labels, labels) { SqlOutcome = y }, name);
    }

    private static OrdinalCategories Checked(OrdinalCategories categories, string name) => categories.Count >= 2
        ? categories
        : throw new UserInputException($"The outcome '{name}' has a single category ({categories.Labels[0]}); a categorical model needs at least two.");

    internal static OrdinalCategories Resolve(
        Formula formula, ITableSource source, IReadOnlyDictionary<string, IReadOnlyList<string>>? levelOrder, IReadOnlyList<string> required)
    {
        var outcome = formula.Response.Outcome;
        var y = ExprSql.ToSql(outcome);
        var name = ExprText.Format(outcome);
        var kinds = source.Schema.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        var variable = outcome is VariableExpr v ? v.Name : null;
        IReadOnlyList<string>? given = null;
        if (variable is not null && levelOrder is not null && levelOrder.TryGetValue(variable, out var order))
        {
            given = order;
        }

        OrdinalCategories categories;
        if (variable is not null && kinds.TryGetValue(variable, out var kind) && kind == ColumnKind.Text)
        {
            if (given is null)
            {
                var found = DesignRecipe.TextValues(source.Load([variable], required).Table, variable).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(12);
                throw new UserInputException(
                    $"The outcome '{variable}' holds text; an ordered outcome needs its categories in order, lowest first: " +
                    $"--levels {variable}=\"{string.Join(",", found)}\" (values found, in code-point order; put them in the scale's order).");
            }

            categories = new OrdinalCategories(given, given.Select(Sql.Literal).ToList()) { SqlOutcome = $"CAST({Sql.Identifier(variable)} AS VARCHAR)" };
        }
        else
        {
            if (source.FirstRowWhere($"isnan({y}) OR isinf({y}) OR {y} <> floor({y})", required) is { } row)
            {
                throw new UserInputException(
                    $"{source.Description}, row {row}: '{name}' must be a whole number for an ordinal (cumulative) model; recode it to integer categories, or use a text column with --levels.");
            }

            if (given is not null)
            {
                var numbers = given.Select(g => double.TryParse(g, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToList();
                if (numbers.Any(double.IsNaN))
                {
                    throw new UserInputException($"--levels {variable}: '{given[numbers.FindIndex(double.IsNaN)]}' is not a number, but '{variable}' holds numbers.");
                }

                categories = new OrdinalCategories(given, numbers.Select(n => LevelText.Format(n)).ToList()) { SqlOutcome = y };
            }
            else
            {
                var values = source.EvaluatePerRow(y, required);
                var min = (int)values.Min();
                var max = (int)values.Max();
                var labels = Enumerable.Range(min, max - min + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
                categories = new OrdinalCategories(labels, labels) { SqlOutcome = y };
            }
        }

        if (categories.Count < 2)
        {
            throw new UserInputException($"The outcome '{name}' has a single category ({categories.Labels[0]}); an ordinal model needs at least two.");
        }

        return categories;
    }
}
