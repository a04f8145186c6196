using System.Text.Json;
using DuckDB.NET.Data;
using MisterP.Data;

namespace MisterP.Batch;

/// <summary>
/// A job's <c>where</c>: one SQL boolean expression selecting its rows (one question or segment of a long survey file).
/// It is placed as the WHERE of a SELECT over the job's data, and that whole statement must parse as exactly one plain
/// SELECT (DuckDB's own parser, <c>json_serialize_sql</c>, which refuses anything but SELECT) — so a filter cannot end
/// the statement, add another, or turn it into a UNION — and must bind against the data's columns (checked with LIMIT 0).
/// </summary>
public static class WhereFilter
{
    private const string Alias = "__mrp_batch_rows";

    /// <summary>The data spec that reads only the rows <paramref name="where"/> keeps (a <c>duckdb:?query=</c> spec).</summary>
    public static string Apply(string dataSpec, string where)
    {
        var file = dataSpec.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase) ? SourceSpec.SplitQuery(dataSpec, "duckdb").File : string.Empty;
        // The spec's query is URL-unescaped when opened, so a LIKE pattern's '%' is written as %25 to survive as itself.
        var query = $"SELECT * FROM ({InnerSelect(dataSpec)}) AS {Alias} WHERE ({where})".Replace("%", "%25", StringComparison.Ordinal);
        return $"duckdb:{file}?query={query}";
    }

    /// <summary>Null when <paramref name="where"/> is a valid read-only filter of <paramref name="dataSpec"/>; otherwise why not.</summary>
    public static string? Problem(string dataSpec, string where)
    {
        if (string.IsNullOrWhiteSpace(where))
        {
            return "'where' is empty; leave it out to use every row.";
        }

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        if (ParseProblem(connection, where) is { } problem)
        {
            return problem;
        }

        if (dataSpec.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase) || dataSpec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return dataSpec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)
                ? "'where' is not supported with sqlite: data; put the condition in the spec's query instead."
                : null; // Bound when the job opens its data (the query may name an attached database).
        }

        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM ({InnerSelect(dataSpec)}) AS {Alias} WHERE ({where}) LIMIT 0";
            using var reader = command.ExecuteReader();
            return null;
        }
        catch (DuckDBException ex)
        {
            return $"'where' {Quote(where)} does not work on the data: {FirstLine(ex.Message)}";
        }
    }

    private static string? ParseProblem(DuckDBConnection connection, string where)
    {
        using var command = connection.CreateCommand();
        // The candidate statement goes in as a quoted string literal: it is parsed, never executed.
        command.CommandText = $"SELECT json_serialize_sql({Sql.Literal($"SELECT * FROM {Alias} WHERE ({where})")})";
        var json = (string)command.ExecuteScalar()!;
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : "not valid SQL";
            return $"'where' {Quote(where)} is not one SQL condition: {message}";
        }

        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            return $"'where' {Quote(where)} must be one SQL condition, not several statements.";
        }

        var node = statements[0].GetProperty("node");
        var isPlain = node.GetProperty("type").GetString() == "SELECT_NODE"
            && node.TryGetProperty("from_table", out var from) && from.TryGetProperty("table_name", out var table) && table.GetString() == Alias;
        return isPlain ? null : $"'where' {Quote(where)} must be one condition on the job's rows (no UNION, no closing parenthesis that ends the WHERE).";
    }

    private static string InnerSelect(string dataSpec) =>
        dataSpec.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase)
            ? SourceSpec.SplitQuery(dataSpec, "duckdb").Query.TrimEnd(';', ' ', '\n')
            : "SELECT * FROM " + SourceSpec.ReadFile(dataSpec);

    private static string Quote(string where) => "\"" + where + "\"";

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
