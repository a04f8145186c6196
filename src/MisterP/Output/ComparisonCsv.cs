using MisterP.Compare;

namespace MisterP.Output;

/// <summary>CMP.csv: <c>&lt;grouping columns…&gt;,raw,raw_n,[&lt;baseline&gt;,&lt;baseline&gt;_se…],mrp,mrp_lower,mrp_upper,truth</c>.</summary>
public static class ComparisonCsv
{
    public static void Write(string path, IReadOnlyList<string> by, IReadOnlyList<GroupComparison> rows) =>
        AtomicFile.WriteText(path, writer =>
        {
            var baselines = BaselineNames(rows);
            writer.WriteLine(string.Join(",", by.Select(TableCsv.Quote).Concat(ColumnNames(baselines))));
            foreach (var r in rows)
            {
                writer.WriteLine(string.Join(",", r.Key.Select(TableCsv.Quote).Concat(Values(r, baselines))));
            }
        });

    /// <summary>The baselines any row has, in first-seen order: one estimate and one standard-error column each.</summary>
    internal static List<string> BaselineNames(IEnumerable<GroupComparison> rows) =>
        rows.SelectMany(r => r.Baselines.Keys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The columns after the grouping (and, for quantities, quantity and category) columns.</summary>
    internal static IEnumerable<string> ColumnNames(IReadOnlyList<string> baselines) =>
        new[] { "raw", "raw_n" }.Concat(baselines.SelectMany(b => new[] { b, b + "_se" })).Concat(["mrp", "mrp_lower", "mrp_upper", "truth"]);

    /// <summary>One row's values for <see cref="ColumnNames"/>; NA for a baseline the row lacks.</summary>
    internal static IEnumerable<string> Values(GroupComparison r, IReadOnlyList<string> baselines)
    {
        var values = new List<string> { TableCsv.FormatNumber(r.Raw), TableCsv.FormatNumber(r.RawCount) };
        foreach (var b in baselines)
        {
            var (estimate, se) = r.Baselines.TryGetValue(b, out var v) ? v : (double.NaN, double.NaN);
            values.Add(TableCsv.FormatNumber(estimate));
            values.Add(TableCsv.FormatNumber(se));
        }

        values.AddRange(new[] { r.Mrp, r.MrpLower, r.MrpUpper, r.Truth }.Select(TableCsv.FormatNumber));
        return values;
    }
}
