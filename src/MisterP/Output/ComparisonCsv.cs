using MisterP.Compare;

namespace MisterP.Output;

/// <summary>CMP.csv: <c>&lt;grouping columns…&gt;,raw,raw_n,[&lt;baseline&gt;,&lt;baseline&gt;_se…],mrp,mrp_lower,mrp_upper,truth</c>.</summary>
public static class ComparisonCsv
{
    public static void Write(string path, IReadOnlyList<string> by, IReadOnlyList<GroupComparison> rows) =>
        AtomicFile.WriteText(path, writer =>
        {
            var baselines = rows.SelectMany(r => r.Baselines.Keys).Distinct(StringComparer.Ordinal).ToList();
            writer.WriteLine(string.Join(",", by.Select(TableCsv.Quote)
                .Concat(["raw", "raw_n"])
                .Concat(baselines.SelectMany(b => new[] { b, b + "_se" }))
                .Concat(["mrp", "mrp_lower", "mrp_upper", "truth"])));
            foreach (var r in rows)
            {
                var values = new List<string>(r.Key.Select(TableCsv.Quote)) { TableCsv.FormatNumber(r.Raw), TableCsv.FormatNumber(r.RawCount) };
                foreach (var b in baselines)
                {
                    var (estimate, se) = r.Baselines.TryGetValue(b, out var v) ? v : (double.NaN, double.NaN);
                    values.Add(TableCsv.FormatNumber(estimate));
                    values.Add(TableCsv.FormatNumber(se));
                }

                values.AddRange(new[] { r.Mrp, r.MrpLower, r.MrpUpper, r.Truth }.Select(TableCsv.FormatNumber));
                writer.WriteLine(string.Join(",", values));
            }
        });
}
