using System.Globalization;
using MisterP.Data;
using MisterP.Families;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>Why the family is what it is, and the warnings an inferred family needs.</summary>
/// <param name="Reason">Null when --family chose it; otherwise the rule that did, said in the data's terms.</param>
/// <param name="Warnings">Outcomes that look binary but were fitted as gaussian, with the rows and the remedy.</param>
public sealed record FamilyChoice(string? Reason, IReadOnlyList<string> Warnings);

/// <summary>
/// Explains the family FamilyRules chose. One stray 2, −1 or 0.5 in a 0/1 outcome, or a 1/2-coded yes/no outcome,
/// silently switched the model to gaussian (issue 12, item 11): the choice is now stated with its reason and these
/// two patterns are warned about by name and row.
/// </summary>
internal static class FamilyInference
{
    /// <summary>At most this many rows may break an otherwise 0/1 column for it to count as "almost binary".</summary>
    private const int HandfulOfRows = 5;

    public static FamilyChoice Explain(Formula formula, ITableSource source, Family? requested, Family family, IReadOnlyList<string> required)
    {
        var r = formula.Response;
        var name = ExprText.Format(r.Outcome);
        if (requested is not null)
        {
            return new FamilyChoice(null, []);
        }

        if (r.Counts is { } counts)
        {
            return new FamilyChoice($"the response cbind(…) counts {counts.Count} categories", []);
        }

        if (r.IsBinomial)
        {
            return new FamilyChoice($"the response gives successes out of trials ({name} of n)", []);
        }

        if (family == Family.Bernoulli)
        {
            return new FamilyChoice($"every value of '{name}' is 0 or 1", []);
        }

        if (r.KnownSe is not null)
        {
            return new FamilyChoice("the response carries known standard errors, se()", []);
        }

        var y = ExprSql.ToSql(r.Outcome);
        var values = source.EvaluatePerRow(y, required);
        var distinct = new SortedSet<double>();
        var offBinary = 0;
        foreach (var v in values)
        {
            if (distinct.Count <= 3)
            {
                distinct.Add(v);
            }

            if (v is not (0 or 1))
            {
                offBinary++;
            }
        }

        var firstRow = source.FirstRowWhere($"NOT ({y} IN (0, 1))", required);
        var reason = $"'{name}' has values other than 0 and 1 (the first at row {firstRow})";
        var warnings = new List<string>();
        if (distinct.Count == 2)
        {
            var (a, b) = (distinct.Min, distinct.Max);
            warnings.Add(
                $"'{name}' has exactly two values, {Format(a)} and {Format(b)}, so it was fitted as a gaussian (continuous) outcome. If it is a yes/no " +
                $"outcome, recode it to 0/1 (e.g. duckdb:?query=SELECT ({name} = {Format(b)})::INT AS {name}, … FROM 'file.csv') to fit a bernoulli model; " +
                "to keep a continuous model, pass --family gaussian.");
        }
        else if (offBinary <= HandfulOfRows && values.Length >= 4 * HandfulOfRows)
        {
            var rows = OffendingRows(source, y, values, required);
            warnings.Add(
                $"'{name}' is 0 or 1 except in {offBinary} row(s) ({rows}), so the whole outcome was fitted as gaussian. If those values are " +
                "errors, fix or drop those rows to fit a bernoulli model; if the outcome really is continuous, pass --family gaussian.");
        }

        return new FamilyChoice(reason, warnings);
    }

    /// <summary>"row 17: 2, row 40: -1": the first row of each off-0/1 value (a handful at most).</summary>
    private static string OffendingRows(ITableSource source, string y, IEnumerable<double> values, IReadOnlyList<string> required) =>
        string.Join(", ", values.Where(v => v is not (0 or 1)).Distinct().Take(HandfulOfRows)
            .Select(v => (Row: double.IsFinite(v) ? source.FirstRowWhere($"{y} = {v.ToString("R", CultureInfo.InvariantCulture)}", required) : null, Value: v))
            .OrderBy(x => x.Row ?? long.MaxValue)
            .Select(x => x.Row is { } row ? $"row {row}: {Format(x.Value)}" : Format(x.Value)));

    private static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
