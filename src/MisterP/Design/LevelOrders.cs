using MisterP.Data;

namespace MisterP.Design;

/// <summary>
/// Explicit level orders (<c>--levels VAR="a,b,c"</c>): parsed from the user's text and checked against the data
/// before any design is built, so that a typo never silently reorders or drops levels. The first level becomes the
/// reference of a treatment-coded factor, as R's <c>factor(x, levels = …)</c> makes it.
/// </summary>
public static class LevelOrders
{
    /// <summary>Parses <c>VAR=a,b,c</c> specs (repeatable; a variable at most once, no duplicate or empty levels).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(IEnumerable<string> specs)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            var variable = equals > 0 ? spec[..equals].Trim() : "";
            if (variable.Length == 0)
            {
                throw new UserInputException($"--levels '{spec}' is not VAR=\"a,b,c\"; write the column, '=', then its levels in order separated by commas, e.g. --levels rating=\"low,mid,high\".");
            }

            var levels = spec[(equals + 1)..].Split(',').Select(l => l.Trim()).ToList();
            if (levels.Any(l => l.Length == 0))
            {
                throw new UserInputException($"--levels {variable}: an empty level in '{spec[(equals + 1)..]}'; list each level once, separated by commas.");
            }

            var duplicate = levels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new UserInputException($"--levels {variable}: level '{duplicate.Key}' is listed {duplicate.Count()} times; list each level once.");
            }

            if (!result.TryAdd(variable, levels))
            {
                throw new UserInputException($"--levels is given twice for '{variable}'; give its whole order once.");
            }
        }

        return result;
    }

    /// <summary>
    /// Every ordered column exists in <paramref name="source"/>, and every value it holds (outside missing values) is
    /// listed: the first offending value is named with its row.
    /// </summary>
    public static void Check(IReadOnlyDictionary<string, IReadOnlyList<string>>? orders, ITableSource source)
    {
        if (orders is null)
        {
            return;
        }

        var columns = source.Schema.Select(c => c.Name).ToList();
        foreach (var (variable, levels) in orders)
        {
            if (!columns.Contains(variable, StringComparer.Ordinal))
            {
                var closest = columns.OrderBy(c => EditDistance.Between(c.ToLowerInvariant(), variable.ToLowerInvariant())).FirstOrDefault();
                var hint = closest is null ? "" : $" Did you mean '{closest}'?";
                throw new UserInputException($"--levels {variable}: {source.Description} has no column '{variable}'.{hint} Columns: {string.Join(", ", columns)}.");
            }

            var table = source.Load([variable], [variable]).Table;
            var given = levels.ToHashSet(StringComparer.Ordinal);
            var missing = DesignRecipe.TextValues(table, variable).FirstOrDefault(v => !given.Contains(v));
            if (missing is null)
            {
                continue;
            }

            var literal = table[variable] is NumericColumn ? missing : Sql.Literal(missing);
            var row = source.FirstRowWhere($"{Sql.Identifier(variable)} = {literal}", []);
            throw new UserInputException(
                $"--levels {variable} does not list '{missing}', which occurs in {source.Description}" + (row is { } r ? $" (row {r})" : "") +
                $". Add it to the order (every value of '{variable}' must be listed once), or drop those rows.");
        }
    }
}
