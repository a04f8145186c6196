using MisterP.Compare;

namespace MisterP.Output;

/// <summary>
/// CMP.csv of an ordinal comparison:
/// <c>&lt;grouping columns…&gt;,quantity,category,raw,raw_n,[&lt;baseline&gt;,&lt;baseline&gt;_se…],mrp,mrp_lower,mrp_upper,truth</c>,
/// one row per quantity × group (<see cref="ComparisonCsv"/>'s layout with the two columns EST.csv has).
/// </summary>
public static class QuantityComparisonCsv
{
    public static void Write(string path, IReadOnlyList<string> by, IReadOnlyList<QuantityComparison> comparisons) =>
        AtomicFile.WriteText(path, writer =>
        {
            var baselines = ComparisonCsv.BaselineNames(comparisons.SelectMany(c => c.Rows));
            writer.WriteLine(string.Join(",", by.Select(TableCsv.Quote).Concat(["quantity", "category"]).Concat(ComparisonCsv.ColumnNames(baselines))));
            foreach (var c in comparisons)
            {
                foreach (var r in c.Rows)
                {
                    var leading = r.Key.Select(TableCsv.Quote).Concat([TableCsv.Quote(c.Quantity), TableCsv.Quote(c.Category)]);
                    writer.WriteLine(string.Join(",", leading.Concat(ComparisonCsv.Values(r, baselines))));
                }
            }
        });
}
