using MisterP.Data;
using MisterP.Poststrat;

namespace MisterP.Interpretation;

/// <summary>
/// The groups of one <c>--average-by</c> set over the units: a group id per unit, each group's key texts and total
/// weight, with ids numbered in display order (levels as the fit orders them, numbers ascending).
/// </summary>
internal sealed class GroupIndex
{
    private GroupIndex(string label, IReadOnlyList<string> columns, int[] ids, IReadOnlyList<string[]> keys, double[] weights)
    {
        Label = label;
        Columns = columns;
        Ids = ids;
        Keys = keys;
        Weights = weights;
    }

    /// <summary>The set as poststrat names it (<c>state,eth</c>; <c>(all)</c> for everyone).</summary>
    public string Label { get; }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Group of each unit.</summary>
    public int[] Ids { get; }

    public IReadOnlyList<string[]> Keys { get; }

    public double[] Weights { get; }

    public int Count => Keys.Count;

    public static GroupIndex Build(UnitTable units, IReadOnlyList<string> columns, Covariates covariates)
    {
        var texts = columns.Select(units.Texts).ToList();
        var ranks = columns.Select((c, k) => Ranks(units.Table[c], texts[k], covariates)).ToList();
        var provisional = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstUnit = new List<int>();
        var raw = new int[units.Count];
        for (var i = 0; i < units.Count; i++)
        {
            var key = string.Join('\u001f', texts.Select(t => t[i]));
            if (!provisional.TryGetValue(key, out var id))
            {
                id = provisional.Count;
                provisional[key] = id;
                firstUnit.Add(i);
            }

            raw[i] = id;
        }

        var order = Enumerable.Range(0, firstUnit.Count)
            .OrderBy(g => g, Comparer<int>.Create((a, b) =>
            {
                for (var k = 0; k < columns.Count; k++)
                {
                    var c = ranks[k][firstUnit[a]].CompareTo(ranks[k][firstUnit[b]]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return 0;
            }))
            .ToArray();
        var renumber = new int[order.Length];
        for (var position = 0; position < order.Length; position++)
        {
            renumber[order[position]] = position;
        }

        var ids = raw.Select(g => renumber[g]).ToArray();
        var keys = order.Select(g => texts.Select(t => t[firstUnit[g]]).ToArray()).ToList();
        var weights = new double[keys.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            weights[ids[i]] += units.Weights[i];
        }

        return new GroupIndex(GroupingSet.Label(columns), columns, ids, keys, weights);
    }

    /// <summary>A sort key per unit: the number itself, or the text level's position in the fit's order.</summary>
    private static double[] Ranks(DataColumn column, string[] texts, Covariates covariates)
    {
        if (column is NumericColumn numeric)
        {
            return numeric.Values;
        }

        var levels = covariates.LevelsOf(column.Name, texts);
        var position = levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => (double)x.i, StringComparer.Ordinal);
        return texts.Select(t => position[t]).ToArray();
    }
}
