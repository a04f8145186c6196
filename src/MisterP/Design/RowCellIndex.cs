using MisterP.Data;

namespace MisterP.Design;

/// <summary>
/// Which cell each used data row (in source order) fell into: what leave-one-out and k-fold need to take single
/// respondents out of aggregated cells. Unaggregated designs have one cell per row.
/// </summary>
public static class RowCellIndex
{
    /// <summary>
    /// The cell of every row of <paramref name="source"/> that <paramref name="design"/> used (rows not missing any of
    /// <paramref name="required"/>). Rows are matched to cells by their key values (the same casts the aggregation used),
    /// and the counts are checked against each cell's rows; null when they disagree (values the engine groups together
    /// but that differ bit for bit), so a fit never fails for want of the index.
    /// </summary>
    public static int[]? Compute(ITableSource source, DesignResult design, IReadOnlyList<string> required)
    {
        var rowsUsed = checked((int)design.RowsUsed);
        if (!design.Design.Aggregated)
        {
            return Enumerable.Range(0, rowsUsed).ToArray();
        }

        var cells = design.CellValues;
        var keys = cells.Columns.Select(c => c.Name).ToList();
        if (keys.Count == 0)
        {
            return new int[rowsUsed];
        }

        var byKey = new Dictionary<string, int>(cells.RowCount, StringComparer.Ordinal);
        for (var i = 0; i < cells.RowCount; i++)
        {
            byKey[Key(cells, i)] = i;
        }

        var index = new int[rowsUsed];
        var counts = new double[cells.RowCount];
        var rows = source.Load(keys, required).Table;
        if (rows.RowCount != rowsUsed)
        {
            return null;
        }

        for (var r = 0; r < rows.RowCount; r++)
        {
            if (!byKey.TryGetValue(Key(rows, r), out var cell))
            {
                return null;
            }

            index[r] = cell;
            counts[cell]++;
        }

        return counts.SequenceEqual(design.Design.Response.RowsPerCell) ? index : null;
    }

    /// <summary>A row's key values as one string: numbers by their exact bits, text as is, separated unambiguously.</summary>
    private static string Key(DataTable table, int row)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var column in table.Columns)
        {
            if (column is NumericColumn n)
            {
                var v = n.Values[row];
                builder.Append('n').Append(BitConverter.DoubleToInt64Bits(v == 0 ? 0.0 : v)).Append('\u0001');
            }
            else if (column is TextColumn t)
            {
                var s = t.Values[row];
                builder.Append('t').Append(s.Length).Append(':').Append(s);
            }
        }

        return builder.ToString();
    }
}
