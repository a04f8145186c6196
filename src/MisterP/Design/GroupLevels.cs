using System.Globalization;
using MisterP.Data;

namespace MisterP.Design;

/// <summary>
/// Levels of a factor or of an interaction of factors, as they occur in the data: text sorts by code point, numbers
/// numerically (as R's factor() does), unless an explicit order is given; an interaction's levels are the observed
/// combinations joined with '_', ordered by the first factor's order, then the second's.
/// </summary>
internal static class GroupLevels
{
    public static IReadOnlyList<string> Of(
        IReadOnlyList<string> factors, DataTable cells, IReadOnlyDictionary<string, ColumnKind> kinds, IReadOnlyDictionary<string, IReadOnlyList<string>>? order)
    {
        var perFactor = factors.Select(f => Sorted(f, cells, kinds, order)).ToList();
        if (factors.Count == 1)
        {
            return perFactor[0];
        }

        var ranks = perFactor.Select(levels => levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal)).ToList();
        var texts = factors.Select(f => DesignRecipe.TextValues(cells, f)).ToList();
        return Enumerable.Range(0, cells.RowCount)
            .Select(i => texts.Select(t => t[i]).ToArray())
            .DistinctBy(parts => string.Join("\u001f", parts))
            .OrderBy(parts => parts, Comparer<string[]>.Create((a, b) =>
            {
                for (var k = 0; k < a.Length; k++)
                {
                    var c = ranks[k][a[k]].CompareTo(ranks[k][b[k]]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return 0;
            }))
            .Select(parts => string.Join("_", parts))
            .ToList();
    }

    private static List<string> Sorted(string factor, DataTable cells, IReadOnlyDictionary<string, ColumnKind> kinds, IReadOnlyDictionary<string, IReadOnlyList<string>>? order)
    {
        var present = DesignRecipe.TextValues(cells, factor).Distinct(StringComparer.Ordinal).ToList();
        if (order is not null && order.TryGetValue(factor, out var given))
        {
            var unknown = present.Where(l => !given.Contains(l)).ToList();
            if (unknown.Count > 0)
            {
                throw new UserInputException($"The level order given for '{factor}' lacks {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which occur in the data.");
            }

            return given.Where(present.Contains).ToList();
        }

        return kinds[factor] == ColumnKind.Numeric
            ? present.OrderBy(l => double.Parse(l, CultureInfo.InvariantCulture)).ToList()
            : present.Order(StringComparer.Ordinal).ToList();
    }
}
