using System.Text.Json;
using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>
/// Checks user SQL with DuckDB's own parser before it runs: a data spec's query must be exactly one read-only
/// SELECT (or WITH … SELECT, VALUES, FROM-first) statement, and an option's SQL expression must stay one expression.
/// <c>json_serialize_sql</c> serializes only SELECT statements and reports anything else (COPY, ATTACH, INSTALL,
/// LOAD, SET, PRAGMA, CREATE, INSERT, …) as an error, so no keyword list or regex decides what SQL is
/// (https://duckdb.org/docs/stable/data/json/sql_to_and_from_json).
/// </summary>
internal static class ReadOnlyQuery
{
    private const string Allowed = "A query may be one SELECT statement (or WITH … SELECT, VALUES, FROM …) that reads the files it names.";

    /// <summary>Validates <paramref name="query"/> and returns the files and folders (for globs) it names, made absolute.</summary>
    public static QueryFiles Check(DuckDBConnection connection, string query, string spec)
    {
        var statements = Parse(connection, query, $"The query in '{spec}'");
        if (statements.GetArrayLength() != 1)
        {
            throw new UserInputException(
                $"The query in '{spec}' has {statements.GetArrayLength()} statements; give exactly one. {Allowed}");
        }

        var files = new QueryFiles();
        Collect(statements[0], files);
        return files;
    }

    /// <summary>
    /// Validates that <paramref name="expression"/> (a per-row SQL expression such as <c>mrp simulate --select</c>)
    /// is a single expression: wrapped as <c>SELECT (expr)</c> it must parse as one statement with one select item and
    /// no FROM, WHERE, GROUP BY or other clause that text after a closing parenthesis could have added.
    /// </summary>
    public static void CheckExpression(DuckDBConnection connection, string expression, string option)
    {
        var context = $"{option} \"{expression}\"";
        var statements = Parse(connection, $"SELECT (\n{expression}\n)", context);
        var node = statements.GetArrayLength() == 1 ? statements[0].GetProperty("node") : default;
        var single = node.ValueKind == JsonValueKind.Object &&
                     node.GetProperty("type").GetString() == "SELECT_NODE" &&
                     node.GetProperty("select_list").GetArrayLength() == 1 &&
                     node.GetProperty("from_table").GetProperty("type").GetString() == "EMPTY" &&
                     IsNull(node, "where_clause") && IsNull(node, "having") && IsNull(node, "qualify") && IsNull(node, "sample") &&
                     node.GetProperty("group_expressions").GetArrayLength() == 0 &&
                     node.GetProperty("modifiers").GetArrayLength() == 0 &&
                     node.GetProperty("cte_map").GetProperty("map").GetArrayLength() == 0;
        if (!single)
        {
            throw new UserInputException($"{context} is not a single SQL expression; give one expression over the frame's columns, e.g. \"1 + 3 * (age = '70+')::INT\".");
        }
    }

    private static bool IsNull(JsonElement node, string property) =>
        !node.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    /// <summary>The parsed statements; the SQL is bound as a parameter, never pasted.</summary>
    private static JsonElement Parse(DuckDBConnection connection, string sql, string context)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_serialize_sql(CAST($1 AS VARCHAR))";
        command.Parameters.Add(new DuckDBParameter(sql));
        string json;
        try
        {
            json = (string)command.ExecuteScalar()!;
        }
        catch (DuckDBException e)
        {
            throw new UserInputException($"{context} could not be parsed: {Engine.FirstLine(e.Message)}");
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("error").GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : "invalid SQL";
            var hint = message is not null && message.Contains("Only SELECT", StringComparison.Ordinal)
                ? "it contains a statement other than SELECT (COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA, CREATE, INSERT, … are not allowed)"
                : message;
            throw new UserInputException($"{context} is refused: {hint}. {Allowed}");
        }

        return root.GetProperty("statements").Clone();
    }

    /// <summary>
    /// Strings that may name files: every VARCHAR constant (read_csv('a.csv'), read_parquet(['a', 'b'])) and every
    /// table name that looks like a path (FROM 'a.csv' is a replacement scan). Only existing files (and the folders of
    /// glob patterns) are kept; DuckDB then refuses every other path.
    /// </summary>
    private static void Collect(JsonElement element, QueryFiles files)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
                {
                    if (type.GetString() == "VALUE_CONSTANT" && element.TryGetProperty("value", out var value) &&
                        value.TryGetProperty("value", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        files.Add(text.GetString()!);
                    }
                    else if (type.GetString() == "BASE_TABLE" && element.TryGetProperty("table_name", out var table) && table.GetString() is { } name)
                    {
                        files.Add(name);
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, files);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, files);
                }

                break;
        }
    }
}

/// <summary>Local files and folders (the fixed part of a glob) a query names, absolute.</summary>
internal sealed class QueryFiles
{
    private static readonly char[] GlobCharacters = ['*', '?', '['];

    public List<string> Paths { get; } = [];

    public List<string> Directories { get; } = [];

    public void Add(string candidate)
    {
        if (candidate.Length == 0 || candidate.Contains("://", StringComparison.Ordinal) || candidate.IndexOf('\0') >= 0)
        {
            return;
        }

        if (candidate.StartsWith("~/", StringComparison.Ordinal))
        {
            // DuckDB expands a leading ~ to the home folder; so does the list of allowed paths.
            candidate = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), candidate[2..]);
        }

        try
        {
            var glob = candidate.IndexOfAny(GlobCharacters);
            if (glob >= 0)
            {
                var fixedPart = candidate[..glob];
                var folder = Path.GetDirectoryName(Path.GetFullPath(fixedPart.Length == 0 ? "." + Path.DirectorySeparatorChar : fixedPart + "x"));
                if (folder is not null && Directory.Exists(folder))
                {
                    Directories.Add(folder + Path.DirectorySeparatorChar);
                }
            }
            else if (File.Exists(candidate))
            {
                Paths.Add(Path.GetFullPath(candidate));
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            // Not a path: a string constant such as a level name.
        }
    }
}
