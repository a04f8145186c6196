using MisterP.Compare;
using MisterP.Output;
using MisterP.Posterior;
using MisterP.Poststrat;

namespace MisterP.Plots;

/// <summary>One group of a grouping set: its MRP estimate with interval and population, and, from a comparison, the raw
/// sample mean with its n, the truth and any classical baselines (NaN where not known).</summary>
public sealed record GroupResult(IReadOnlyList<string> Key, double Estimate, double Sd, double Lower, double Upper, double Population)
{
    public double Raw { get; init; } = double.NaN;

    public double RawCount { get; init; } = double.NaN;

    public double Truth { get; init; } = double.NaN;

    public IReadOnlyDictionary<string, (double Estimate, double StdError)> Baselines { get; init; } =
        new Dictionary<string, (double, double)>();

    /// <summary>The key as people read it: levels joined by " · " ("AL", "Black · 18-29").</summary>
    public string Label => string.Join(" · ", Key);
}

/// <summary>
/// The post-stratified estimates of one grouping set read from an EST.csv (<c>mrp poststrat</c>), joined per group
/// with a CMP.csv (<c>mrp compare</c>) when given: what the estimates plot and the report's tables show.
/// </summary>
public sealed class GroupResults
{
    private GroupResults(string set, IReadOnlyList<string> columns, IReadOnlyList<string> sets, IReadOnlyList<GroupResult> groups, GroupResult? national, IReadOnlyList<GroupComparison>? comparison)
    {
        Set = set;
        Columns = columns;
        Sets = sets;
        Groups = groups;
        National = national;
        Comparison = comparison;
    }

    /// <summary>The grouping set shown, as EST.csv's <c>by</c> column names it ("state", "(all)").</summary>
    public string Set { get; }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Every grouping set in the EST.csv, in file order.</summary>
    public IReadOnlyList<string> Sets { get; }

    /// <summary>Groups of <see cref="Set"/> in file order (poststrat writes them sorted by key).</summary>
    public IReadOnlyList<GroupResult> Groups { get; }

    /// <summary>The whole-population estimate (<c>--by ''</c>), when the file has one.</summary>
    public GroupResult? National { get; }

    /// <summary>The CMP.csv rows as <c>mrp compare</c> computed them (for RMSE, MAE, bias, coverage), or null.</summary>
    public IReadOnlyList<GroupComparison>? Comparison { get; }

    /// <summary>Probability of the estimates' intervals, from EST.csv's <c>interval</c> column; null for files written before it.</summary>
    public double? Interval { get; private init; }

    /// <summary>"90% interval", or "interval" when the file does not say.</summary>
    public string IntervalName => Interval is { } p ? IntervalLevel.Percent(p) + " interval" : "interval";

    public bool HasRaw => Groups.Any(g => double.IsFinite(g.Raw));

    public bool HasTruth => Groups.Any(g => double.IsFinite(g.Truth));

    /// <summary>
    /// Reads <paramref name="estimatesPath"/> and picks the set <paramref name="by"/> (comma-separated columns, '' for
    /// everyone); without it, the comparison's set, else the only set other than the whole population.
    /// </summary>
    public static GroupResults Load(string estimatesPath, string? comparisonPath = null, string? by = null)
    {
        var est = CsvTable.Read(estimatesPath, "estimates file");
        est.Require(["by", "estimate", "sd", "lower", "upper", "population"], "an EST.csv written by mrp poststrat");
        var byColumn = est.IndexOf("by");
        var sets = est.Rows.Select(r => r.Fields[byColumn]).Distinct(StringComparer.Ordinal).ToList();
        if (sets.Count == 0)
        {
            throw new UserInputException($"The estimates file '{estimatesPath}' has no rows.");
        }

        var cmp = comparisonPath is null ? null : CsvTable.Read(comparisonPath, "comparison file");
        var comparisonColumns = cmp is null ? null : ComparisonColumns(cmp);
        var set = ChooseSet(estimatesPath, sets, by, comparisonColumns);
        var columns = GroupingSet.Parse(set);
        est.Require(columns, $"an estimates file with grouping column(s) {string.Join(", ", columns)}");
        if (comparisonColumns is not null && !comparisonColumns.SequenceEqual(columns, StringComparer.Ordinal))
        {
            throw new UserInputException(
                $"The comparison file '{comparisonPath}' compares by {Describe(comparisonColumns)} but the estimates shown are by {Describe(columns)}; " +
                $"pass --by {string.Join(",", comparisonColumns)} (or the comparison made with --by {set}).");
        }

        var comparison = cmp is null ? null : ReadComparison(cmp, comparisonColumns!);
        var byKey = (comparison ?? []).GroupBy(c => KeyText(c.Key), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        GroupResult Row((int Line, string[] Fields) row, IReadOnlyList<string> key)
        {
            var result = new GroupResult(key, est.Number(row, "estimate"), est.Number(row, "sd"), est.Number(row, "lower"), est.Number(row, "upper"), est.Number(row, "population"));
            return byKey.TryGetValue(KeyText(key), out var c)
                ? result with { Raw = c.Raw, RawCount = c.RawCount, Truth = c.Truth, Baselines = c.Baselines }
                : result;
        }

        // An ordinal fit's estimates hold several quantities per group: the figure shows the mean score.
        var quantity = est.Has("quantity") ? est.IndexOf("quantity") : -1;
        if (quantity >= 0 && est.Rows.All(r => r.Fields[quantity] != "mean"))
        {
            // A categorical or multinomial fit's estimates are shares per category, with no one number per group.
            throw new UserInputException(
                $"The estimates file '{estimatesPath}' holds category shares only (a categorical or multinomial fit); the estimates figure shows one number per group " +
                "and does not draw shares yet. Read each category's share per group from the file (quantity 'share', column 'category').");
        }

        var groups = est.Rows.Where(r => r.Fields[byColumn] == set && (quantity < 0 || r.Fields[quantity] == "mean"))
            .Select(r => Row(r, columns.Select(c => r.Fields[est.IndexOf(c)]).ToList()))
            .ToList();
        var nationalRow = est.Rows.FirstOrDefault(r => r.Fields[byColumn] == GroupingSet.Everyone);
        var national = nationalRow.Fields is null ? null : Row(nationalRow, []);
        var intervals = est.Has("interval") ? est.Rows.Select(r => est.Number(r, "interval")).Distinct().ToList() : [];
        return new GroupResults(set, columns, sets, groups, national, comparison) { Interval = intervals.Count == 1 ? intervals[0] : null };
    }

    private static string ChooseSet(string path, List<string> sets, string? by, IReadOnlyList<string>? comparisonColumns)
    {
        var listed = string.Join(", ", sets.Select(s => $"'{s}'"));
        if (by is not null)
        {
            var label = GroupingSet.Label(GroupingSet.Parse(by));
            return sets.Contains(label)
                ? label
                : throw new UserInputException($"The estimates file '{path}' has no grouping set '{label}' (--by {by}); its sets are {listed}.");
        }

        if (comparisonColumns is not null && sets.Contains(GroupingSet.Label(comparisonColumns)))
        {
            return GroupingSet.Label(comparisonColumns);
        }

        var groupSets = sets.Where(s => s != GroupingSet.Everyone).ToList();
        return groupSets.Count switch
        {
            0 => GroupingSet.Everyone,
            1 => groupSets[0],
            _ => throw new UserInputException($"The estimates file '{path}' has several grouping sets ({listed}); choose one with --by, e.g. --by {groupSets[0]}."),
        };
    }

    /// <summary>CMP.csv: <c>&lt;grouping columns…&gt;,raw,raw_n,[&lt;baseline&gt;,&lt;baseline&gt;_se…],mrp,mrp_lower,mrp_upper,truth</c>.</summary>
    private static List<string> ComparisonColumns(CsvTable cmp)
    {
        cmp.Require(["raw", "raw_n", "mrp", "mrp_lower", "mrp_upper", "truth"], "a CMP.csv written by mrp compare");
        return cmp.Header.Take(cmp.IndexOf("raw")).ToList();
    }

    private static List<GroupComparison> ReadComparison(CsvTable cmp, IReadOnlyList<string> columns)
    {
        var first = cmp.IndexOf("raw_n") + 1;
        var baselines = cmp.Header.Skip(first).Take(cmp.IndexOf("mrp") - first).Where(h => !h.EndsWith("_se", StringComparison.Ordinal)).ToList();
        return cmp.Rows.Select(r => new GroupComparison(
            columns.Select((_, k) => r.Fields[k]).ToList(),
            cmp.Number(r, "raw"),
            cmp.Number(r, "raw_n"),
            cmp.Number(r, "mrp"),
            cmp.Number(r, "mrp_lower"),
            cmp.Number(r, "mrp_upper"),
            cmp.Number(r, "truth"))
        {
            Baselines = baselines.ToDictionary(
                b => b,
                b => (cmp.Number(r, b), cmp.Has(b + "_se") ? cmp.Number(r, b + "_se") : double.NaN),
                StringComparer.Ordinal),
        }).ToList();
    }

    private static string Describe(IReadOnlyList<string> columns) => columns.Count == 0 ? "the whole population" : string.Join(",", columns);

    private static string KeyText(IReadOnlyList<string> key) => string.Join("\u001f", key);
}
