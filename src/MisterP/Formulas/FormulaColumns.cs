using MisterP.Data;

namespace MisterP.Formulas;

/// <summary>Checks that every column a formula reads exists, pointing at the first unknown one with a suggestion.</summary>
public static class FormulaColumns
{
    public static void Check(Formula formula, IReadOnlyCollection<string> availableColumns, string sourceDescription)
    {
        foreach (var name in formula.Variables)
        {
            if (availableColumns.Contains(name))
            {
                continue;
            }

            var hint = ClosestColumn(name, availableColumns);
            var position = Math.Max(0, FindPosition(formula.Text, name));
            throw new FormulaSyntaxException(formula.Text, position,
                $"Unknown column '{name}' in the formula: {sourceDescription} has no such column.{(hint is null ? string.Empty : $" Did you mean '{hint}'?")} " +
                $"Columns: {string.Join(", ", availableColumns)}.");
        }
    }

    private static string? ClosestColumn(string name, IEnumerable<string> columns)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in columns)
        {
            var d = EditDistance.Between(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance)
            {
                (best, bestDistance) = (c, d);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    /// <summary>Offset of the name as a whole word in the formula text.</summary>
    private static int FindPosition(string text, string name)
    {
        for (var i = text.IndexOf(name, StringComparison.Ordinal); i >= 0; i = text.IndexOf(name, i + 1, StringComparison.Ordinal))
        {
            var before = i == 0 || !IsNameChar(text[i - 1]);
            var after = i + name.Length >= text.Length || !IsNameChar(text[i + name.Length]);
            if (before && after)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.';
}
