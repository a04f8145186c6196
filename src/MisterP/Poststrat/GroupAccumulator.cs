namespace MisterP.Poststrat;

/// <summary>
/// Per-draw sums Σ N·p̂ and Σ N for every group of one grouping set. Memory is groups × draws; rows are streamed
/// through it. Each draw's column is written by one thread only, so sums are deterministic in any thread count.
/// </summary>
internal sealed class GroupAccumulator(string label, IReadOnlyList<string> columns, int drawCount)
{
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
                _sums.Add(new double[drawCount]);
                _population.Add(0);
            }

            ids[i] = id;
            _population[id] += weights[i];
        }

        return ids;
    }

    /// <summary>Adds weight·prediction of every row to its group's sum for draw <paramref name="draw"/>.</summary>
    public void Add(int draw, int[] groupIds, ReadOnlySpan<double> weights, ReadOnlySpan<double> predictions)
    {
        for (var i = 0; i < groupIds.Length; i++)
        {
            _sums[groupIds[i]][draw] += weights[i] * predictions[i];
        }
    }

    /// <summary>Summaries of the per-draw estimates Σ N·p̂ / Σ N, groups sorted by their key text.</summary>
    public IEnumerable<GroupEstimate> Summarize(double interval, bool keepDraws)
    {
        var order = Enumerable.Range(0, _keys.Count).OrderBy(g => _keys[g], KeyComparer.Instance);
        foreach (var g in order)
        {
            var population = _population[g];
            var draws = _sums[g].Select(v => population > 0 ? v / population : double.NaN).ToArray();
            var keys = Columns.Select((c, k) => (c, _keys[g][k])).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal);
            var (mean, sd) = MeanSd(draws);
            var sorted = draws.Order().ToArray();
            var tail = (1 - interval) / 2;
            yield return new GroupEstimate(Label, keys, mean, sd, Quantile(sorted, tail), Quantile(sorted, 1 - tail), population)
            {
                Draws = keepDraws ? draws : null,
            };
        }
    }

    private static (double Mean, double Sd) MeanSd(double[] x)
    {
        var mean = x.Average();
        var ss = x.Sum(v => (v - mean) * (v - mean));
        return (mean, x.Length > 1 ? Math.Sqrt(ss / (x.Length - 1)) : double.NaN);
    }

    /// <summary>R's default (type 7) quantile of sorted values.</summary>
    internal static double Quantile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Orders keys column by column in code-point order, the order levels have everywhere else.</summary>
    private sealed class KeyComparer : IComparer<string[]>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(string[]? x, string[]? y)
        {
            for (var k = 0; k < x!.Length; k++)
            {
                var c = string.CompareOrdinal(x[k], y![k]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }
    }
}
