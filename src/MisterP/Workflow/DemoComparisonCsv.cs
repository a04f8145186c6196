using MisterP.Output;

namespace MisterP.Workflow;

/// <summary>comparison.csv of the demo: one row per group with raw, MRP (and interval) and truth.</summary>
internal static class DemoComparisonCsv
{
    public static void Write(string path, IReadOnlyList<DemoComparisonRow> rows) =>
        AtomicFile.WriteText(path, writer =>
        {
            writer.WriteLine("grouping,level,raw,raw_n,mrp,mrp_lower,mrp_upper,truth,population");
            foreach (var r in rows)
            {
                writer.WriteLine(string.Join(",",
                    TableCsv.Quote(r.Grouping), TableCsv.Quote(r.Level),
                    TableCsv.FormatNumber(r.Raw), TableCsv.FormatNumber(r.RawCount), TableCsv.FormatNumber(r.Mrp),
                    TableCsv.FormatNumber(r.Lower), TableCsv.FormatNumber(r.Upper), TableCsv.FormatNumber(r.Truth),
                    TableCsv.FormatNumber(r.Population)));
            }
        });
}
