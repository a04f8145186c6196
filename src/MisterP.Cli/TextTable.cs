using System.Globalization;

namespace MisterP.Cli;

/// <summary>A plain, aligned text table: readable on a terminal and in a log file alike.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public int RowCount => _rows.Count;

    public void Write(TextWriter writer)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        writer.WriteLine(Line(headers, widths));
        foreach (var row in _rows)
        {
            writer.WriteLine(Line(row, widths));
        }
    }

    // First column left-aligned (names), the rest right-aligned (numbers).
    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();

    public static string Number(double value, int digits = 3) =>
        double.IsNaN(value) ? "NA" : value.ToString("F" + digits, CultureInfo.InvariantCulture);

    public static string Count(double value) =>
        double.IsNaN(value) ? "NA" : Math.Round(value).ToString("F0", CultureInfo.InvariantCulture);
}
