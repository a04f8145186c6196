using System.Text;
using System.Text.Json;

namespace MisterP.Output;

/// <summary>
/// A kind of single-file output and how to recognise a file of that kind MisterP wrote earlier (its CSV header,
/// or the marker an HTML/SVG/PNG output carries), so re-running a command replaces its own output but nothing else.
/// </summary>
public sealed class OutputKind(string description, Func<string, bool> recognises)
{
    /// <summary>What the file is, for messages: "an estimates CSV (mrp poststrat)".</summary>
    public string Description { get; } = description;

    /// <summary>EST.csv: <c>by,&lt;groups…&gt;,estimate,sd,lower,upper,population,…</c>.</summary>
    public static OutputKind Estimates { get; } = Csv("an estimates CSV (mrp poststrat)",
        h => h.Count > 0 && h[0] == "by" && ContainsRun(h, "estimate", "sd", "lower", "upper", "population"));

    /// <summary>--draws-out: <c>by,&lt;groups…&gt;,chain,draw,estimate</c> as CSV or Parquet.</summary>
    public static OutputKind EstimateDraws { get; } = new("a per-draw estimates file (mrp poststrat --draws-out)", path =>
        (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ParquetColumns(path) : CsvHeader(path)) is { Count: > 3 } h &&
        h[0] == "by" && h[^3] == "chain" && h[^2] == "draw" && h[^1] == "estimate");

    /// <summary>CMP.csv: <c>&lt;groups…&gt;,raw,raw_n,…,mrp,mrp_lower,mrp_upper,truth</c>.</summary>
    public static OutputKind Comparison { get; } = Csv("a comparison CSV (mrp compare)",
        h => ContainsRun(h, "raw", "raw_n") && h.Count >= 4 && h[^4] == "mrp" && h[^3] == "mrp_lower" && h[^2] == "mrp_upper" && h[^1] == "truth");

    /// <summary>predictions / comparisons / slopes CSV: <c>…,estimate,sd|std_error,lower,upper[,weight]</c>.</summary>
    public static OutputKind Interpretation { get; } = Csv("a predictions/comparisons/slopes CSV",
        h => ContainsRun(h, "estimate", "sd", "lower", "upper") || ContainsRun(h, "estimate", "std_error", "lower", "upper"));

    /// <summary>mrp summary --out: the full summary CSV, or its JSON with <c>sampler</c> and <c>parameters</c>.</summary>
    public static OutputKind Summary { get; } = new("a summary file (mrp summary --out)", path =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? IsSummaryJson(path)
            : CsvHeader(path) is { } h && ContainsRun(h, "parameter", "mean", "sd", "q5", "q50", "q95"));

    /// <summary>The HTML report: it carries <see cref="HtmlMarker"/> in its head.</summary>
    public static OutputKind Report { get; } = new("an HTML report (mrp report)", path => StartsWithin(path, HtmlMarker));

    /// <summary>A figure: SVG with <see cref="FigureMarker.SvgComment"/>, PNG with the <see cref="FigureMarker"/> text chunk.</summary>
    public static OutputKind Figure { get; } = new("a figure (mrp plot or --plot)", FigureMarker.IsMarked);

    /// <summary>The meta tag every report carries, by which a later run recognises it.</summary>
    public const string HtmlMarker = "<meta name=\"generator\" content=\"MisterP\">";

    /// <summary>A CSV whose header is exactly <paramref name="columns"/> (simulate's sample and truth, whose columns come from the frame).</summary>
    public static OutputKind CsvWithHeader(string description, IReadOnlyList<string> columns) =>
        Csv(description, h => h.SequenceEqual(columns, StringComparer.Ordinal));

    /// <summary>A CSV whose header is exactly one of <paramref name="headers"/> (a file kind with variants, such as the ppc numbers of binary and ordinal fits).</summary>
    public static OutputKind CsvWithOneOfHeaders(string description, params IReadOnlyList<string>[] headers) =>
        Csv(description, h => headers.Any(columns => h.SequenceEqual(columns, StringComparer.Ordinal)));

    /// <summary>True when the file at <paramref name="path"/> is of this kind and MisterP wrote it.</summary>
    public bool Recognises(string path)
    {
        try
        {
            return recognises(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or UserInputException or DuckDB.NET.Data.DuckDBException)
        {
            return false;
        }
    }

    private static OutputKind Csv(string description, Func<IReadOnlyList<string>, bool> header) =>
        new(description, path => CsvHeader(path) is { } h && header(h));

    private static bool ContainsRun(IReadOnlyList<string> header, params string[] run)
    {
        for (var i = 0; i + run.Length <= header.Count; i++)
        {
            if (run.Select((name, k) => header[i + k] == name).All(x => x))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first line's fields (quoted fields unquoted); null for an empty file.</summary>
    private static List<string>? CsvHeader(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = reader.ReadLine();
        if (line is null)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static List<string> ParquetColumns(string path)
    {
        using var source = Data.TableSources.Open(path);
        return source.Schema.Select(c => c.Name).ToList();
    }

    private static bool IsSummaryJson(string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        return json.RootElement.ValueKind == JsonValueKind.Object &&
               json.RootElement.TryGetProperty("sampler", out _) && json.RootElement.TryGetProperty("parameters", out _);
    }

    private static bool StartsWithin(string path, string marker)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[4096];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read).Contains(marker, StringComparison.Ordinal);
    }
}
