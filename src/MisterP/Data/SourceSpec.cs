namespace MisterP.Data;

/// <summary>The SQL that reads a source spec into the engine (a table function call or a user query).</summary>
internal static class SourceSpec
{
    /// <summary>SQL for a file's rows; CSV cells that are empty or <c>NA</c> are missing values (R's and pandas' defaults).</summary>
    public static string ReadFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            var folder = Path.GetDirectoryName(full);
            var hint = folder is not null && Directory.Exists(folder)
                ? Closest(Path.GetFileName(full), Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>())
                : null;
            throw new UserInputException($"Data file '{path}' not found (looked at {full}).{(hint is null ? string.Empty : $" Did you mean '{hint}'?")}");
        }

        if (new FileInfo(full).Length == 0)
        {
            throw new UserInputException($"Data file '{path}' is empty: it needs a header line with column names and at least one row.");
        }

        var extension = Path.GetExtension(full).ToLowerInvariant();
        if (extension is ".csv" or ".txt" or ".tsv")
        {
            CsvHeader.RequireUniqueNames(path, extension == ".tsv" ? '\t' : ',');
        }

        var literal = Sql.Literal(full);
        return extension switch
        {
            // The header is always the first line (skip = 0): DuckDB's sniffer would otherwise skip past ragged rows.
            ".csv" or ".txt" or ".gz" => $"read_csv({literal}, header = true, skip = 0, delim = ',', nullstr = ['NA', ''], sample_size = -1)",
            ".tsv" => $"read_csv({literal}, header = true, skip = 0, delim = '\t', nullstr = ['NA', ''], sample_size = -1)",
            ".parquet" or ".pq" => $"read_parquet({literal})",
            _ => throw new UserInputException(
                $"Cannot read '{path}': unknown file type '{extension}'. Use a .csv or .parquet file, or a query: duckdb:FILE.duckdb?query=SELECT ..."),
        };
    }

    /// <summary>Splits <c>duckdb:FILE?query=SQL</c> / <c>sqlite:FILE?query=SQL</c> into its file (may be empty) and query.</summary>
    public static (string File, string Query) SplitQuery(string spec, string scheme)
    {
        var body = spec[(scheme.Length + 1)..];
        var q = body.IndexOf("?query=", StringComparison.Ordinal);
        if (q < 0)
        {
            throw new UserInputException($"'{spec}' has no query: write {scheme}:FILE?query=SELECT ... (or {scheme}:?query=... for an in-memory database).");
        }

        var query = Uri.UnescapeDataString(body[(q + 7)..]).Trim();
        if (query.Length == 0)
        {
            throw new UserInputException($"'{spec}' has an empty query after '?query='.");
        }

        return (body[..q], query);
    }

    /// <summary>The candidate closest to <paramref name="name"/> by edit distance, when it is close enough to be a likely typo.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = EditDistance.Between(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance)
            {
                (best, bestDistance) = (c, d);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }
}
