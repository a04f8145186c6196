using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MisterP.Poststrat;

/// <summary>One group's key values, population (Σ N) and per-draw estimates.</summary>
internal sealed record GroupDraws(IReadOnlyDictionary<string, string> Keys, double Population, double[] Draws);

/// <summary>
/// Per-draw sums Σ N·p̂ and Σ N for every group of one grouping set. Memory is groups × draws; rows are streamed
/// through it. Each draw's column is written by one thread only, so sums are deterministic in any thread count.
/// </summary>
internal sealed class GroupAccumulator(string label, IReadOnlyList<string> columns, int drawCount)
{
    // Sums are padded to whole SIMD vectors, like the draws they come from (DrawColumns).
    private readonly int _stride = DrawColumns.StrideFor(drawCount);

    private readonly Dictionary<string, int> _groupIds = new(StringComparer.Ordinal);
    private readonly List<string[]> _keys = [];
    private readonly List<double[]> _sums = [];
    private readonly List<double> _population = [];

    public string Label { get; } = label;

    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>Group id of each row of a chunk (assigning new ids in first-seen order).</summary>
    public int[] Assign(IReadOnlyList<string[]> byColumnValues, ReadOnlySpan<double> weights)
    {
        var ids = new int[weights.Length];
        var parts = new string[Columns.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            for (var k = 0; k < parts.Length; k++)
            {
                parts[k] = byColumnValues[k][i];
            }

            var key = string.Join('\u001f', parts);
            if (!_groupIds.TryGetValue(key, out var id))
            {
                id = _keys.Count;
                _groupIds[key] = id;
                _keys.Add((string[])parts.Clone());
                _sums.Add(new double[_stride]);
                _population.Add(0);
            }

            ids[i] = id;
            _population[id] += weights[i];
        }

        return ids;
    }

    /// <summary>
    /// Adds weight·value of one row to its group's sums for draws <paramref name="first"/> … (the length of
    /// <paramref name="values"/>, a multiple of <see cref="Vector{T}.Count"/>); each draw block is owned by one thread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int group, double weight, ReadOnlySpan<double> values, int first)
    {
        var sums = MemoryMarshal.Cast<double, Vector<double>>(_sums[group].AsSpan(first, values.Length));
        var added = MemoryMarshal.Cast<double, Vector<double>>(values);
        for (var v = 0; v < sums.Length && v < added.Length; v++)
        {
            sums[v] += added[v] * weight;
        }
    }

    /// <summary>
    /// Per-draw estimates Σ N·p̂ / Σ N of every group (NaN for an empty group), sorted by their keys: a column with a
    /// <paramref name="levelOrder"/> in that order (issue 12 item 17: education reads No HS, HS, …, not alphabetically),
    /// a column whose levels are all months, dates or numbers in time or number order (issue 14: wave 10 after wave
    /// 9), others by key text.
    /// </summary>
    public IReadOnlyList<GroupDraws> Groups(IReadOnlyDictionary<string, IReadOnlyList<string>>? levelOrder = null)
    {
        var comparer = new KeyComparer(
            Columns.Select(c => levelOrder is not null && levelOrder.TryGetValue(c, out var order) ? order : null).ToArray(),
            Columns.Select((_, k) => LevelPositions.TryRead(_keys.Select(key => key[k]))).ToArray());
        // The keys themselves are ordered (stable: ties keep first-seen order), not their ids: LINQ over reference
        // types is ReadyToRun-compiled, over ints it is compiled at run time. Each key array belongs to one group.
        var ids = new Dictionary<string[], int>(_keys.Count, ReferenceEqualityComparer.Instance);
        for (var g = 0; g < _keys.Count; g++)
        {
            ids.Add(_keys[g], g);
        }

        return _keys.OrderBy(key => key, comparer).Select(key =>
        {
            var g = ids[key];
            var population = _population[g];
            var (sums, draws) = (_sums[g], new double[drawCount]);
            for (var s = 0; s < draws.Length; s++)
            {
                draws[s] = population > 0 ? sums[s] / population : double.NaN;
            }

            // A loop, not ToDictionary over tuples: that instantiation is compiled at run time even under ReadyToRun.
            var keys = new Dictionary<string, string>(Columns.Count, StringComparer.Ordinal);
            for (var k = 0; k < Columns.Count; k++)
            {
                keys.Add(Columns[k], key[k]);
            }

            return new GroupDraws(keys, population, draws);
        }).ToList();
    }

    /// <summary>
    /// Orders keys column by column: by a given order, else by position on a time or number line, else in code-point
    /// order, the order text levels have everywhere else.
    /// </summary>
    private sealed class KeyComparer(IReadOnlyList<string>?[] orders, LevelPositions?[] positions) : IComparer<string[]>
    {
        public int Compare(string[]? x, string[]? y)
        {
            for (var k = 0; k < x!.Length; k++)
            {
                var c = orders[k] is { } order ? Rank(order, x[k]).CompareTo(Rank(order, y![k]))
                    : positions[k] is { } line ? line.Of(x[k]).CompareTo(line.Of(y![k]))
                    : 0;
                c = c != 0 ? c : string.CompareOrdinal(x[k], y![k]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }

        /// <summary>A level's place in the given order; values not listed come after all listed ones.</summary>
        private static int Rank(IReadOnlyList<string> order, string value)
        {
            for (var i = 0; i < order.Count; i++)
            {
                if (string.Equals(order[i], value, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return int.MaxValue;
        }
    }
}
