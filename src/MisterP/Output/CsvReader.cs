using System.Globalization;
using System.Text;

namespace MisterP.Output;

/// <summary>
/// The one reader of the CSV files MisterP writes and reads back (draws.csv, EST.csv, CMP.csv, CmdStan CSV): RFC 4180
/// records, where a quoted field may hold commas, doubled quotes and line breaks (a level named "New\nYork" spans
/// two physical lines), and R's NA/NaN/Inf as numbers. <see cref="TableCsv.Quote"/> and
/// <see cref="TableCsv.FormatNumber"/> are the writing half. Records without a quote come back as their line
/// untouched, so number-only rows (draws) can be parsed straight from the text.
/// </summary>
internal sealed class CsvReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly string _description;
    private int _nextLine = 1;

    public CsvReader(TextReader reader, string description)
    {
        _reader = reader;
        _description = description;
    }

    public CsvReader(string path)
        : this(new StreamReader(path), path)
    {
    }

    /// <summary>The 1-based line on which the record last returned starts (for messages).</summary>
    public int Line { get; private set; }

    /// <summary>Whether the record last returned holds a quote (so it must be split, not parsed as plain numbers).</summary>
    public bool Quoted { get; private set; }

    /// <summary>
    /// The next record's text, its physical lines joined by "\n" when a quoted field spans them; blank lines between
    /// records are skipped; null at the end.
    /// </summary>
    public string? ReadRecord()
    {
        while (_reader.ReadLine() is { } line)
        {
            Line = _nextLine++;
            if (line.Length == 0)
            {
                continue;
            }

            // One vectorized search decides the common case: a record without quotes is its line.
            Quoted = line.Contains('"');
            if (!Quoted)
            {
                return line;
            }

            var quotes = line.AsSpan().Count('"');
            // Quotes inside a quoted field are doubled, so an odd count means a field is still open.
            var text = new StringBuilder(line);
            while (quotes % 2 == 1)
            {
                var more = _reader.ReadLine()
                    ?? throw new UserInputException($"{_description}, line {Line}: a quoted field is not closed before the end of the file.");
                _nextLine++;
                text.Append('\n').Append(more);
                quotes += more.AsSpan().Count('"');
            }

            return text.ToString();
        }

        return null;
    }

    /// <summary>The next record split into fields, or null at the end.</summary>
    public string[]? ReadFields() => ReadRecord() is { } record ? Split(record) : null;

    public void Dispose() => _reader.Dispose();

    /// <summary>Splits one record into fields: quoted fields lose their quotes and undouble inner ones.</summary>
    public static string[] Split(string record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < record.Length && record[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().TrimEnd('\r'));
        return [.. fields];
    }

    /// <summary>A numeric field: invariant culture, with R's NA/NaN/Inf; otherwise a user error naming the place.</summary>
    public static double Number(string text, string path, int line, int column)
    {
        var t = text.Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        return t switch
        {
            "NA" or "NaN" or "nan" or "" => double.NaN,
            "Inf" or "inf" => double.PositiveInfinity,
            "-Inf" or "-inf" => double.NegativeInfinity,
            _ => throw new UserInputException($"{path}, line {line}, column {column}: '{text}' is not a number."),
        };
    }
}
