using MisterP.Interpretation;

namespace MisterP.Output;

/// <summary>
/// Predictions, comparisons or slopes as CSV (atomically): the descriptor columns (term, contrast, grid or grouping
/// columns), then <c>estimate</c>, <c>sd</c> (posterior sd; <c>std_error</c> for maximum likelihood), <c>lower</c>,
/// <c>upper</c>, and <c>weight</c> (the units' total weight) for unit-level and averaged rows.
/// </summary>
public static class InterpretationCsv
{
    public static IReadOnlyList<string> Header(InterpretationResult result)
    {
        var header = result.Columns.Select(c => c.Name).ToList();
        header.AddRange(["estimate", result.Bayesian ? "sd" : "std_error", "lower", "upper"]);
        if (result.Rows.Any(r => r.Weight is not null))
        {
            header.Add("weight");
        }

        return header;
    }

    public static void Write(string path, InterpretationResult result)
    {
        var weighted = result.Rows.Any(r => r.Weight is not null);
        AtomicFile.WriteText(path, writer =>
        {
            writer.WriteLine(string.Join(",", Header(result).Select(TableCsv.Quote)));
            foreach (var row in result.Rows)
            {
                var s = row.Summary;
                var cells = row.Values.Select(TableCsv.Quote)
                    .Concat(new[] { s.Estimate, s.Spread, s.Lower, s.Upper }.Select(TableCsv.FormatNumber));
                if (weighted)
                {
                    cells = cells.Append(TableCsv.FormatNumber(row.Weight ?? double.NaN));
                }

                writer.WriteLine(string.Join(",", cells));
            }
        });
    }
}
