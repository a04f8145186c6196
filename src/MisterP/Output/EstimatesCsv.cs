using MisterP.Poststrat;

namespace MisterP.Output;

/// <summary>
/// Post-stratified estimates in SPEC §2's long format: <c>by,&lt;grouping columns…&gt;,estimate,sd,lower,upper,population</c>,
/// then each estimate's <c>rhat,ess_bulk,ess_tail</c>; grouping columns outside a row's set are empty. Contrasts follow
/// as rows whose <c>by</c> is the contrast (<c>state=CA,TX</c>: the posterior of CA − TX) with empty grouping
/// columns and population. The last column, <c>interval</c>, is the probability of [lower, upper] (0.9), so figures
/// and tables made from the file can say which interval they show.
/// </summary>
public static class EstimatesCsv
{
    public static void Write(string path, PoststratResult result) =>
        AtomicFile.WriteText(path, writer =>
        {
            var quantities = HasQuantities(result);

            // Only fits with structured terms mark extrapolated groups, so other fits' files keep their columns.
            var extrapolated = result.Estimates.Any(e => e.Extrapolated is not null);
            writer.WriteLine(string.Join(",", result.GroupingColumns.Select(TableCsv.Quote).Prepend("by")
                .Concat(quantities ? ["quantity", "category"] : [])
                .Concat(["estimate", "sd", "lower", "upper", "population", "rhat", "ess_bulk", "ess_tail", "interval"])
                .Concat(extrapolated ? ["extrapolated"] : [])));
            foreach (var e in result.Estimates)
            {
                writer.WriteLine(Row(result, e.By, e.Keys, e.Summary, e.Population, quantities ? (e.Quantity, e.Category) : null) + (extrapolated ? (e.Extrapolated == true ? ",true" : ",false") : ""));
            }

            foreach (var c in result.Contrasts)
            {
                writer.WriteLine(Row(result, c.Contrast.Label, NoKeys, c.Summary, double.NaN, quantities ? (c.Quantity, c.Category) : null) + (extrapolated ? "," : ""));
            }
        });

    /// <summary>
    /// Per-draw group estimates (and contrasts), long format: <c>by,&lt;grouping columns…&gt;,chain,draw,estimate</c>
    /// (<c>draw</c> counts 1… over all chains); Parquet when the path ends in .parquet (written as CSV beside it first,
    /// converted, then moved into place).
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

    private static readonly IReadOnlyDictionary<string, string> NoKeys = new Dictionary<string, string>();

    private static string Prefix(PoststratResult result, string by, IReadOnlyDictionary<string, string> keys) =>
        string.Join(",", result.GroupingColumns
            .Select(c => keys.TryGetValue(c, out var v) ? TableCsv.Quote(v) : string.Empty)
            .Prepend(TableCsv.Quote(by)));

    /// <summary>Ordinal fits: every estimate is a quantity (share of a category, mean, top_k, nps), in two columns after the groups.</summary>
    private static bool HasQuantities(PoststratResult result) => result.Estimates.Any(e => e.Quantity is not null);

    private static string QuantityColumns((string? Quantity, string? Category)? q) =>
        q is not { } value ? "" : $",{TableCsv.Quote(value.Quantity ?? "")},{TableCsv.Quote(value.Category ?? "")}";

    private static string Row(PoststratResult result, string by, IReadOnlyDictionary<string, string> keys, EstimateSummary s, double population, (string? Quantity, string? Category)? quantity = null) =>
        Prefix(result, by, keys) + QuantityColumns(quantity) + "," + string.Join(",",
            new[] { s.Estimate, s.Sd, s.Lower, s.Upper, population, s.Rhat, s.EssBulk, s.EssTail, result.Interval }.Select(TableCsv.FormatNumber));

    private static void WriteDrawsCsv(string path, PoststratResult result) =>
        AtomicFile.WriteText(path, writer =>
        {
            var quantities = HasQuantities(result);
            writer.WriteLine(string.Join(",", result.GroupingColumns.Select(TableCsv.Quote).Prepend("by")
                .Concat(quantities ? ["quantity", "category"] : []).Concat(["chain", "draw", "estimate"])));
            var series = result.Estimates.Select(e => (Prefix: Prefix(result, e.By, e.Keys) + QuantityColumns(quantities ? (e.Quantity, e.Category) : null), e.Draws))
                .Concat(result.Contrasts.Select(c => (Prefix: Prefix(result, c.Contrast.Label, NoKeys) + QuantityColumns(quantities ? (c.Quantity, c.Category) : null), c.Draws)));
            var perChain = result.Layout.DrawsPerChain;
            foreach (var (prefix, values) in series)
            {
                var draws = values ?? throw new InvalidOperationException("Per-draw estimates were not kept (PoststratOptions.KeepDraws).");
                for (var s = 0; s < draws.Length; s++)
                {
                    writer.Write(prefix);
                    writer.Write(',');
                    writer.Write(s / perChain + 1);
                    writer.Write(',');
                    writer.Write(s + 1);
                    writer.Write(',');
                    writer.WriteLine(TableCsv.FormatNumber(draws[s]));
                }
            }
        });
}
