using MisterP.Data;

namespace MisterP.Compare;

/// <summary>
/// Joins, per group of one grouping set, the post-stratified estimates (an EST.csv), raw sample means, optional
/// classical baselines and optional truth — the table behind <c>mrp compare</c>.
/// </summary>
public static class ComparisonBuilder
{
    public static IReadOnlyList<GroupComparison> Build(
        ITableSource estimates,
        IReadOnlyList<string> by,
        IReadOnlyList<RawEstimate>? raw,
        ITableSource? truth,
        string truthColumn,
        IReadOnlyDictionary<string, IReadOnlyList<BaselineEstimate>>? baselines = null)
    {
        var set = Poststrat.GroupingSet.Label(by);
        var mrp = ReadEstimates(estimates, by, set);
        var rawByKey = (raw ?? []).ToDictionary(r => KeyText(r.Key), StringComparer.Ordinal);
        var truthByKey = truth is null ? new Dictionary<string, double>(StringComparer.Ordinal) : ReadTruth(truth, by, truthColumn);
        var baselineByKey = (baselines ?? new Dictionary<string, IReadOnlyList<BaselineEstimate>>())
            .ToDictionary(b => b.Key, b => b.Value.ToDictionary(e => KeyText(e.Key), StringComparer.Ordinal), StringComparer.Ordinal);

        return mrp.Select(m =>
        {
            var key = KeyText(m.Key);
            rawByKey.TryGetValue(key, out var r);
            var extra = baselineByKey
                .Where(b => b.Value.ContainsKey(key))
                .ToDictionary(b => b.Key, b => (b.Value[key].Estimate, b.Value[key].StdError), StringComparer.Ordinal);
            return new GroupComparison(
                m.Key,
                r?.Mean ?? double.NaN,
                r?.Count ?? 0,
                m.Estimate,
                m.Lower,
                m.Upper,
                truthByKey.TryGetValue(key, out var t) ? t : double.NaN)
            {
                Baselines = extra,
            };
        }).ToList();
    }

    private static string KeyText(IReadOnlyList<string> key) => string.Join("\u001f", key);

    private static List<(IReadOnlyList<string> Key, double Estimate, double Lower, double Upper)> ReadEstimates(
        ITableSource source, IReadOnlyList<string> by, string set)
    {
        RequireColumns(source, by.Concat(["by", "estimate", "lower", "upper"]).ToList(), "estimates");
        if (source.Schema.Any(c => c.Name == "quantity"))
        {
            throw new UserInputException("The estimates come from an ordinal fit (a 'quantity' column: shares, mean, top_k); mrp compare does not compare per quantity yet. Compare the 'mean' rows with your own tools for now.");
        }

        var columns = by.Concat(["by", "estimate", "lower", "upper"]).ToList();
        var table = source.Load(columns, columns).Table;
        var sets = Text(table["by"]);
        var keys = by.Select(c => Text(table[c])).ToList();
        var rows = Enumerable.Range(0, table.RowCount).Where(i => sets[i] == set).ToList();
        if (rows.Count == 0)
        {
            throw new UserInputException(
                $"{source.Description} has no estimates for --by '{set}'; its sets are: {string.Join(", ", sets.Distinct().Select(s => $"'{s}'"))}. " +
                "Run mrp poststrat with the same --by.");
        }

        var estimate = ((NumericColumn)table["estimate"]).Values;
        var lower = ((NumericColumn)table["lower"]).Values;
        var upper = ((NumericColumn)table["upper"]).Values;
        return rows.Select(i => ((IReadOnlyList<string>)keys.Select(k => k[i]).ToList(), estimate[i], lower[i], upper[i])).ToList();
    }

    private static Dictionary<string, double> ReadTruth(ITableSource truth, IReadOnlyList<string> by, string column)
    {
        RequireColumns(truth, by.Append(column).ToList(), "truth");
        var table = truth.Load(by.Append(column).ToList(), by.Append(column).ToList()).Table;
        var keys = by.Select(c => Text(table[c])).ToList();
        var values = table[column] as NumericColumn
            ?? throw new UserInputException($"Truth column '{column}' in {truth.Description} is not numeric.");
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < table.RowCount; i++)
        {
            result[KeyText(keys.Select(k => k[i]).ToList())] = values.Values[i];
        }

        return result;
    }

    private static void RequireColumns(ITableSource source, IReadOnlyList<string> columns, string role)
    {
        var available = source.Schema.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var missing = columns.Where(c => !available.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new UserInputException(
                $"The {role} file {source.Description} has no column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; " +
                $"its columns are {string.Join(", ", available)}.");
        }
    }

    private static string[] Text(DataColumn column) => column switch
    {
        TextColumn t => t.Values,
        NumericColumn n => n.Values.Select(LevelText.Format).ToArray(),
        _ => throw new InvalidOperationException("Unknown column type."),
    };
}

/// <summary>A classical weighting estimate (raking, cell weighting, Hájek) for one group, with its standard error.</summary>
public sealed record BaselineEstimate(IReadOnlyList<string> Key, double Estimate, double StdError);
