using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>What <c>mrp frame build</c> aggregates: the cell columns, an optional weight, recodes and row filter.</summary>
public sealed record CellBuild(IReadOnlyList<string> Cells)
{
    /// <summary>Per-record weight column (person weight); null counts records.</summary>
    public string? Weight { get; init; }

    public RecodeRules Recode { get; init; } = RecodeRules.None;

    /// <summary>Files joined to the records first (e.g. region per state), so cells may name their columns; checked like <c>mrp fit --join</c>.</summary>
    public IReadOnlyList<JoinSpec> Joins { get; init; } = [];

    /// <summary>An SQL boolean expression over the records' columns, checked to parse as one (see <see cref="MicrodataCells"/>).</summary>
    public string? Where { get; init; }

    /// <summary>Name of the frame's count column.</summary>
    public string CountColumn { get; init; } = "n";
}

/// <summary>
/// Person- or customer-level records aggregated into frame cells by one streaming DuckDB <c>GROUP BY</c> written
/// straight to CSV (<c>COPY</c>), so files larger than memory never load; the only place <c>frame build</c> builds SQL.
/// Recode values are bound parameters; <c>--where</c> must parse as a lone expression (DuckDB's own parser,
/// <c>json_serialize_sql</c>), so it cannot close the query or append statements.
/// </summary>
public static class MicrodataCells
{
    /// <summary>Writes the cells to <paramref name="outPath"/> (via a temporary file); returns the number of cells.</summary>
    public static long Build(string spec, CellBuild build, string outPath)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var relation = Relation(connection, spec);
        var schema = Schema(connection, relation, spec);
        for (var i = 0; i < build.Joins.Count; i++)
        {
            relation = Joined(connection, relation, schema, build.Joins[i], i);
            schema = Schema(connection, relation, spec);
        }

        var missing = build.Cells.Append(build.Weight).OfType<string>().Where(c => schema.All(s => s.Name != c)).ToList();
        if (missing.Count > 0)
        {
            throw new UserInputException(
                $"{spec} has no column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}. Its columns: {string.Join(", ", schema.Select(s => s.Name))}.");
        }

        if (build.Weight is { } w && schema.First(s => s.Name == w).Kind != ColumnKind.Numeric)
        {
            throw new UserInputException($"--weight column '{w}' in {spec} is not numeric.");
        }

        if (build.Recode.Rules.FirstOrDefault(r => !build.Cells.Contains(r.Variable)) is { } stray)
        {
            throw new UserInputException($"--recode names '{stray.Variable}', which is not among --cells ({string.Join(",", build.Cells)}).");
        }

        var where = build.Where is { } condition ? " WHERE (" + CheckedExpression(connection, condition) + ")" : string.Empty;
        var full = Path.GetFullPath(outPath);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        using var command = connection.CreateCommand();
        var keys = build.Cells.Select(c => $"{RecodeSql.Expression(command, schema, c, build.Recode, spec)} AS {Sql.Identifier(c)}").ToList();
        var count = build.Weight is { } weight ? $"SUM(CAST({Sql.Identifier(weight)} AS DOUBLE))" : "CAST(COUNT(*) AS DOUBLE)";
        var notMissing = string.Join(" AND ", build.Cells.Append(build.Weight).OfType<string>().Select(c => $"{Sql.Identifier(c)} IS NOT NULL"));
        where = where.Length == 0 ? " WHERE " + notMissing : where + " AND " + notMissing;
        var select = $"SELECT {string.Join(", ", keys)}, {count} AS {Sql.Identifier(build.CountColumn)} FROM {relation}{where} GROUP BY ALL ORDER BY ALL";
        command.CommandText = $"COPY ({select}) TO {Sql.Literal(temp)} (HEADER, DELIMITER ',')";
        try
        {
            var rows = command.ExecuteNonQuery();
            File.Move(temp, full, overwrite: true);
            return rows;
        }
        catch (DuckDBException e)
        {
            File.Delete(temp);
            throw new UserInputException($"Aggregating {spec} into cells failed: {Engine.FirstLine(e.Message)}");
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The records as a relation: a file's table function, or a DuckDB query (its database attached read-only).</summary>
    private static string Relation(DuckDBConnection connection, string spec)
    {
        if (spec.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase))
        {
            var (file, query) = SourceSpec.SplitQuery(spec, "duckdb");
            if (file.Length > 0)
            {
                Engine.Execute(connection, $"ATTACH {Sql.Literal(Path.GetFullPath(file))} AS userdb (READ_ONLY); USE userdb;", spec);
            }

            return $"({query.TrimEnd(';', ' ', '\n')}) AS records";
        }

        if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserInputException("frame build streams CSV, Parquet or duckdb: sources; export the SQLite table to Parquet (or query it through duckdb:) first.");
        }

        return SourceSpec.ReadFile(spec) + " AS records";
    }

    /// <summary>
    /// The records LEFT JOINed to one small join file, held as a temporary table; the records stay a streamed relation.
    /// JoinValidator's checks (unique keys, every key matched, shared columns agree) keep the join from losing or multiplying records.
    /// </summary>
    private static string Joined(DuckDBConnection connection, string relation, List<ColumnSchema> schema, JoinSpec join, int index)
    {
        var joinTable = $"__mrp_cells_join{index}";
        var records = $"(SELECT * FROM {relation})";
        var added = JoinValidator.Validate(connection, records, schema.Select(c => c.Name).ToList(), join, joinTable);
        var on = string.Join(" AND ", join.Keys.Select(k => $"s.{Sql.Identifier(k)} = j.{Sql.Identifier(k)}"));
        var extra = string.Concat(added.Select(c => ", j." + Sql.Identifier(c)));
        return $"(SELECT s.*{extra} FROM {records} s LEFT JOIN {joinTable} j ON {on}) AS records";
    }

    private static List<ColumnSchema> Schema(DuckDBConnection connection, string relation, string spec)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {relation}";
        var schema = new List<ColumnSchema>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                schema.Add(new ColumnSchema(reader.GetString(0), ColumnTypes.KindOf(reader.GetString(1))));
            }
        }
        catch (DuckDBException e)
        {
            throw new UserInputException($"Cannot read {spec}: {Engine.FirstLine(e.Message)}");
        }

        return schema;
    }

    /// <summary>
    /// <paramref name="expression"/> when DuckDB parses <c>SELECT 1 WHERE expression</c> (no parentheses) as exactly one
    /// SELECT: then it is one whole expression, and used in parentheses it cannot reach outside them ("a) OR (b" fails).
    /// </summary>
    private static string CheckedExpression(DuckDBConnection connection, string expression)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_serialize_sql(CAST($1 AS VARCHAR))";
        command.Parameters.Add(new DuckDBParameter($"SELECT 1 WHERE {expression}"));
        var json = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var ok = !(root.TryGetProperty("error", out var error) && error.GetBoolean()) &&
                 root.TryGetProperty("statements", out var statements) && statements.GetArrayLength() == 1 &&
                 !expression.Contains(';', StringComparison.Ordinal);
        return ok ? expression : throw new UserInputException(
            $"--where '{expression}' is not a single SQL condition over the records' columns (e.g. \"age >= 18 AND state <> 'PR'\").");
    }
}
