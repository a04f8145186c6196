namespace MisterP.Data;

/// <summary>The local file a data spec names, so commands can refuse to write over what they read.</summary>
public static class SourcePaths
{
    /// <summary>
    /// The file of <c>FILE</c>, <c>duckdb:FILE?query=…</c> or <c>sqlite:FILE?query=…</c>; null for an in-memory
    /// <c>duckdb:?query=…</c> (files a query itself reads are not visible here).
    /// </summary>
    public static string? FileOf(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return null;
        }

        foreach (var scheme in new[] { "duckdb:", "sqlite:" })
        {
            if (spec.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var body = spec[scheme.Length..];
                var query = body.IndexOf("?query=", StringComparison.Ordinal);
                var file = query < 0 ? body : body[..query];
                return file.Length == 0 || file == ":memory:" ? null : file;
            }
        }

        return spec;
    }
}
