using System.Globalization;
using MisterP.Data;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>
/// A column read as text because a few of its values are not numbers ("abc", ".", "n/a" among 0/1 codes) would
/// silently become a factor (b_maleabc). We choose an error over a warning: the model would otherwise change
/// meaning without a word, and the fix is one of two explicit choices the message names — clean the values, or
/// say the column is categorical with C(x) / factor(x), which this check respects.
/// </summary>
internal static class MostlyNumericColumnCheck
{
    /// <summary>At most this many distinct non-numeric values among numeric ones count as "a few".</summary>
    private const int FewValues = 3;

    public static void Run(Formula formula, ITableSource source, DataTable cells, IReadOnlyDictionary<string, ColumnKind> kinds, IReadOnlyList<string> required)
    {
        var predictors = formula.FixedTerms.Concat(formula.GroupTerms.SelectMany(g => g.Slopes)).SelectMany(t => t.Factors);
        var checkedColumns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in predictors)
        {
            if (p.ForceCategorical || p.Expression is not VariableExpr v || !kinds.TryGetValue(v.Name, out var kind) || kind != ColumnKind.Text ||
                !checkedColumns.Add(v.Name) || cells[v.Name] is not TextColumn column)
            {
                continue;
            }

            var distinct = column.Values.Distinct(StringComparer.Ordinal).ToList();
            var text = distinct.Where(s => !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).ToList();
            var numbers = distinct.Count - text.Count;
            if (numbers < 2 || text.Count == 0 || text.Count > FewValues || text.Count >= numbers)
            {
                continue;
            }

            var quoted = string.Join(", ", text.Order(StringComparer.Ordinal).Select(s => $"'{s}'"));
            var row = source.FirstRowWhere($"TRY_CAST({Sql.Identifier(v.Name)} AS DOUBLE) IS NULL", required);
            throw new UserInputException(
                $"Column '{v.Name}' of {source.Description} holds numbers except for {quoted} (first in row {row}), so it would be read as categories " +
                $"(one coefficient per distinct value). If those values mean missing, blank them or write NA; if '{v.Name}' really is categorical, " +
                $"say so with C({v.Name}) or factor({v.Name}) in the formula.");
        }
    }
}
