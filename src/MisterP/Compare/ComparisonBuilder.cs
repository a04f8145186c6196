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
        var truthByKey = truth is null
            ? new Dictionary<string, double>(StringComparer.Ordinal)
            : ReadTruth(truth, by, truthColumn, mrp.Select(m => KeyText(m.Key)).ToHashSet(StringComparer.Ordinal));
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

    /// <summary>The probability of an EST.csv's intervals (its <c>interval</c> column), or null when it does not say.</summary>
    public static double? IntervalOf(ITableSource estimates)
    {
        if (!estimates.Schema.Any(s => s.Name == "interval"))
        {
            return null;
        }

        var levels = ((NumericColumn)estimates.Load(["interval"], ["interval"]).Table["interval"]).Values.Distinct().ToList();
        return levels.Count == 1 ? levels[0] : null;
    }

    internal static string KeyText(IReadOnlyList<string> key) => string.Join("\u001f", key);

    private static List<(IReadOnlyList<string> Key, double Estimate, double Lower, double Upper)> ReadEstimates(
        ITableSource source, IReadOnlyList<string> by, string set)
    {
        if (source.Schema.Any(c => c.Name == "quantity"))
        {
            throw new UserInputException(
                "The estimates come from an ordinal fit (a 'quantity' column: share, mean, top_k, nps): name the truth column of each quantity to compare, " +
                "e.g. --truth-column mean=mean_rating --truth-column top_2=top2 (share:CATEGORY=COLUMN for a category's share).");
        }

        return ReadEstimates(source, by, set, null);
    }

    /// <summary>
    /// The rows of one grouping set (and, for an ordinal EST.csv, of one quantity and category) with their estimates
    /// and intervals, in file order.
    /// </summary>
    internal static List<(IReadOnlyList<string> Key, double Estimate, double Lower, double Upper)> ReadEstimates(
        ITableSource source, IReadOnlyList<string> by, string set, (string Quantity, string Category)? quantity)
    {
        RequireColumns(source, by.Concat(["by", "estimate", "lower", "upper"]).ToList(), "estimates");
        var columns = by.Concat(["by", "estimate", "lower", "upper"]).ToList();
        // An empty category reads as missing, and rows with a missing value in a loaded column are dropped: the
        // category column is loaded only for a quantity that has categories.
        var hasCategory = quantity is { Category.Length: > 0 };
        var loaded = quantity is null ? columns : columns.Concat(hasCategory ? ["quantity", "category"] : ["quantity"]).ToList();
        var table = source.Load(loaded, columns).Table;
        var sets = Text(table["by"]);
        var keys = by.Select(c => Text(table[c])).ToList();
        var quantities = quantity is null ? null : Text(table["quantity"]);
        var categories = hasCategory ? Text(table["category"]) : null;
        var rows = Enumerable.Range(0, table.RowCount)
            .Where(i => sets[i] == set && (quantity is not { } q || (quantities![i] == q.Quantity && (categories?[i] ?? string.Empty) == q.Category)))
            .ToList();
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

    /// <summary>
    /// The truth per group. The file must hold exactly one row per group of the compared set (rows of other sets are
    /// dropped first when it is in the long format with a <c>by</c> column): a file by state compared with --by ''
    /// used to yield its last row as the national truth.
    /// </summary>
    internal static Dictionary<string, double> ReadTruth(ITableSource truth, IReadOnlyList<string> by, string column, IReadOnlyCollection<string> groups)
    {
        RequireColumns(truth, by.Append(column).ToList(), "truth");
        var all = truth.Schema.Select(s => s.Name).ToList();
        var longFormat = !by.Contains("by") && all.Contains("by");
        var loaded = by.Append(column).Concat(longFormat ? ["by"] : Array.Empty<string>()).ToList();
        var table = truth.Load(loaded, by.Append(column).ToList()).Table;
        var values = table[column] as NumericColumn
            ?? throw new UserInputException($"Truth column '{column}' in {truth.Description} is not numeric.");
        var set = Poststrat.GroupingSet.Label(by);
        var rows = Enumerable.Range(0, table.RowCount).ToList();
        if (longFormat)
        {
            var sets = Text(table["by"]);
            rows = rows.Where(i => sets[i] == set).ToList();
        }

        var keys = by.Select(c => Text(table[c])).ToList();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var i in rows)
        {
            if (!result.TryAdd(KeyText(keys.Select(k => k[i]).ToList()), values.Values[i]))
            {
                throw new UserInputException(
                    $"The truth file {truth.Description} has {rows.Count} rows for {rows.Select(r => KeyText(keys.Select(k => k[r]).ToList())).Distinct().Count()} " +
                    $"group(s) of --by '{set}': one row per group is needed. {LooksLike(truth, by.Append(column).Append("by").ToList(), longFormat ? set : null)}");
            }
        }

        var extra = result.Keys.Where(k => !groups.Contains(k)).ToList();
        var missing = groups.Where(k => !result.ContainsKey(k)).ToList();
        if (extra.Count > 0 || missing.Count > 0)
        {
            static string List(List<string> keys) => string.Join(", ", keys.Take(5).Select(k => $"'{k.Replace('\u001f', ',')}'")) + (keys.Count > 5 ? $" and {keys.Count - 5} more" : string.Empty);
            throw new UserInputException(
                $"The truth file {truth.Description} must have exactly the groups of --by '{set}' that the estimates have" +
                (missing.Count > 0 ? $"; it has no row for {List(missing)}" : string.Empty) +
                (extra.Count > 0 ? $"; it has rows for {List(extra)}, which the estimates do not have" : string.Empty) + ".");
        }

        return result;
    }

    /// <summary>Which grouping set a file's rows look like: the other columns that vary, with their numbers of values.</summary>
    private static string LooksLike(ITableSource truth, IReadOnlyList<string> known, string? set)
    {
        var table = truth.Load(truth.Schema.Select(s => s.Name).ToList(), []).Table;
        var sets = set is null ? null : Text(table["by"]);
        var rows = Enumerable.Range(0, table.RowCount).Where(i => sets is null || sets[i] == set).ToList();
        var varying = table.Columns.Select(c => c.Name).Where(c => !known.Contains(c))
            .Select(c => (Name: c, Text: Text(table[c])))
            .Select(c => (c.Name, Values: rows.Select(i => c.Text[i]).Distinct(StringComparer.Ordinal).Count()))
            .Where(c => c.Values > 1)
            .ToList();
        if (varying.Count == 0)
        {
            return "No other column tells the rows apart; remove the duplicates.";
        }

        var unique = varying.Where(c => c.Values == rows.Count).Select(c => c.Name).ToList();
        var looks = unique.Count > 0 ? unique[0] : string.Join(",", varying.Select(c => c.Name));
        return $"Its rows differ in {string.Join(", ", varying.Select(c => $"'{c.Name}' ({c.Values} values)"))}: it looks like a truth by {looks}. " +
               $"Compare with --by {looks}, or give a truth file with one row per group of the set compared.";
    }

    internal static void RequireColumns(ITableSource source, IReadOnlyList<string> columns, string role)
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

    internal static string[] Text(DataColumn column) => column switch
    {
        TextColumn t => t.Values,
        NumericColumn n => LevelText.FormatAll(n.Values),
        _ => throw new InvalidOperationException("Unknown column type."),
    };
}

/// <summary>A classical weighting estimate (raking, cell weighting, Hájek) for one group, with its standard error.</summary>
public sealed record BaselineEstimate(IReadOnlyList<string> Key, double Estimate, double StdError);
