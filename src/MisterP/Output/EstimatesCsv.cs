using MisterP.Poststrat;

namespace MisterP.Output;

/// <summary>
/// Post-stratified estimates in SPEC §2's long format: <c>by,&lt;grouping columns…&gt;,estimate,sd,lower,upper,population</c>;
/// grouping columns outside a row's set are empty.
/// </summary>
public static class EstimatesCsv
{
    public static void Write(string path, PoststratResult result) =>
        AtomicFile.WriteText(path, writer =>
        {
            writer.WriteLine(string.Join(",", result.GroupingColumns.Select(TableCsv.Quote).Prepend("by")
                .Concat(["estimate", "sd", "lower", "upper", "population"])));
            foreach (var e in result.Estimates)
            {
                var keys = result.GroupingColumns.Select(c => e.Keys.TryGetValue(c, out var v) ? TableCsv.Quote(v) : string.Empty);
                writer.WriteLine(string.Join(",", keys.Prepend(TableCsv.Quote(e.By))
                    .Concat(new[] { e.Estimate, e.Sd, e.Lower, e.Upper, e.Population }.Select(TableCsv.FormatNumber))));
            }
        });

    /// <summary>
    /// Per-draw group estimates, long format: <c>by,&lt;grouping columns…&gt;,draw,estimate</c>; Parquet when the path
    /// ends in .parquet (written as CSV beside it first, converted, then moved into place).
    /// </summary>
    public static void WriteDraws(string path, PoststratResult result)
    {
        if (!path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            WriteDrawsCsv(path, result);
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var csv = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.csv");
        var parquet = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteDrawsCsv(csv, result);
            Data.ParquetExport.FromCsv(csv, parquet);
            File.Move(parquet, path, overwrite: true);
        }
        finally
        {
            File.Delete(csv);
            File.Delete(parquet);
        }
    }

    private static void WriteDrawsCsv(string path, PoststratResult result) =>
        AtomicFile.WriteText(path, writer =>
        {
            writer.WriteLine(string.Join(",", result.GroupingColumns.Select(TableCsv.Quote).Prepend("by").Concat(["draw", "estimate"])));
            foreach (var e in result.Estimates)
            {
                var draws = e.Draws ?? throw new InvalidOperationException("Per-draw estimates were not kept (PoststratOptions.KeepDraws).");
                var prefix = string.Join(",", result.GroupingColumns
                    .Select(c => e.Keys.TryGetValue(c, out var v) ? TableCsv.Quote(v) : string.Empty)
                    .Prepend(TableCsv.Quote(e.By)));
                for (var s = 0; s < draws.Length; s++)
                {
                    writer.Write(prefix);
                    writer.Write(',');
                    writer.Write(s + 1);
                    writer.Write(',');
                    writer.WriteLine(TableCsv.FormatNumber(draws[s]));
                }
            }
        });
}
