using System.Globalization;
using System.Text;
using MisterP.Data;

namespace MisterP.Output;

/// <summary>Writes a <see cref="DataTable"/> as RFC 4180 CSV (invariant culture, round-trip doubles), atomically.</summary>
public static class TableCsv
{
    public static void Write(string path, DataTable table)
    {
        AtomicFile.WriteText(path, writer =>
        {
            writer.WriteLine(string.Join(",", table.Columns.Select(c => Quote(c.Name))));
            var line = new StringBuilder();
            for (var row = 0; row < table.RowCount; row++)
            {
                line.Clear();
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    if (c > 0)
                    {
                        line.Append(',');
                    }

                    line.Append(table.Columns[c] switch
                    {
                        NumericColumn n => FormatNumber(n.Values[row]),
                        TextColumn t => Quote(t.Values[row]),
                        _ => throw new InvalidOperationException($"Unknown column type {table.Columns[c].GetType().Name}."),
                    });
                }

                writer.WriteLine(line);
            }
        });
    }

    /// <summary>Shortest text that reads back to the same double; NaN as NA (what R and DuckDB read as missing).</summary>
    public static string FormatNumber(double value) =>
        double.IsNaN(value) ? "NA" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Quotes a field only when it needs it (comma, quote, line break, or surrounding spaces).</summary>
    public static string Quote(string value)
    {
        var needs = value.AsSpan().IndexOfAny(",\"\n\r") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        return needs ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
