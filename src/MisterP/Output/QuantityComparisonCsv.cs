using MisterP.Compare;

namespace MisterP.Output;

/// <summary>
/// CMP.csv of an ordinal comparison:
/// <c>&lt;grouping columns…&gt;,quantity,category,raw,raw_n,[&lt;baseline&gt;,&lt;baseline&gt;_se…],mrp,mrp_lower,mrp_upper,truth</c>,
/// one row per quantity × group (the binary layout, baselines named as there, with the two columns EST.csv has).
/// </summary>
public static class QuantityComparisonCsv
{
    public static void Write(string path, IReadOnlyList<string> by, IReadOnlyList<QuantityComparison> comparisons) =>
        AtomicFile.WriteText(path, writer =>
        {
            var baselines = comparisons.SelectMany(c => c.Rows).SelectMany(r => r.Baselines.Keys).Distinct(StringComparer.Ordinal).ToList();
            writer.WriteLine(string.Join(",", by.Select(TableCsv.Quote)
                .Concat(["quantity", "category", "raw", "raw_n"])
                .Concat(baselines.SelectMany(b => new[] { b, b + "_se" }))
                .Concat(["mrp", "mrp_lower", "mrp_upper", "truth"])));
            foreach (var c in comparisons)
            {
                foreach (var r in c.Rows)
                {
                    var values = new List<string>(r.Key.Select(TableCsv.Quote)) { TableCsv.Quote(c.Quantity), TableCsv.Quote(c.Category) };
                    values.AddRange(new[] { r.Raw, r.RawCount }.Select(TableCsv.FormatNumber));
                    foreach (var b in baselines)
                    {
                        var (estimate, se) = r.Baselines.TryGetValue(b, out var v) ? v : (double.NaN, double.NaN);
                        values.Add(TableCsv.FormatNumber(estimate));
                        values.Add(TableCsv.FormatNumber(se));
                    }

                    values.AddRange(new[] { r.Mrp, r.MrpLower, r.MrpUpper, r.Truth }.Select(TableCsv.FormatNumber));
                    writer.WriteLine(string.Join(",", values));
                }
            }
        });
}
