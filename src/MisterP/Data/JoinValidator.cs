using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>
/// Applies <c>--join FILE --on KEY</c> as a left join that must neither lose nor multiply rows: keys must exist on
/// both sides, be unique in the join file, and match every data row; a column on both sides must agree.
/// </summary>
internal static class JoinValidator
{
    private const string JoinTable = "__mrp_join";

    public static void Apply(DuckDBConnection connection, string table, string rowColumn, JoinSpec join)
    {
        var dataColumns = Columns(connection, table).Where(c => c != rowColumn).ToList();
        var added = Validate(connection, table, dataColumns, join, JoinTable);
        var on = string.Join(" AND ", join.Keys.Select(k => $"s.{Sql.Identifier(k)} = j.{Sql.Identifier(k)}"));
        var extra = string.Concat(added.Select(c => ", j." + Sql.Identifier(c)));
        Engine.Execute(connection,
            $"CREATE TABLE __mrp_joined AS SELECT s.*{extra} FROM {table} s LEFT JOIN {JoinTable} j ON {on} ORDER BY s.{rowColumn}; " +
            $"DROP TABLE {table}; ALTER TABLE __mrp_joined RENAME TO {table}; DROP TABLE {JoinTable};",
            join.File);
    }

    /// <summary>
    /// Loads <paramref name="join"/>'s file into the temporary table <paramref name="joinTable"/> (temporary, so it works
    /// while a read-only database is in USE) and checks it against <paramref name="data"/> (a table name or a parenthesised
    /// query, scanned but never materialised); returns the join file's columns to add (not keys, not already in the data).
    /// </summary>
    public static List<string> Validate(DuckDBConnection connection, string data, IReadOnlyList<string> dataColumns, JoinSpec join, string joinTable)
    {
        if (join.Keys.Count == 0)
        {
            throw new UserInputException($"--join {join.File} needs --on KEY naming the column(s) to match on.");
        }

        Engine.Execute(connection, $"DROP TABLE IF EXISTS {joinTable}; CREATE TEMP TABLE {joinTable} AS SELECT * FROM {SourceSpec.ReadFile(join.File)}", join.File);
        var joinColumns = Columns(connection, joinTable);
        foreach (var key in join.Keys)
        {
            if (!dataColumns.Contains(key))
            {
                throw new UserInputException($"--on {key}: the data has no column '{key}' (it has {string.Join(", ", dataColumns)}).");
            }

            if (!joinColumns.Contains(key))
            {
                throw new UserInputException($"--on {key}: {join.File} has no column '{key}' (it has {string.Join(", ", joinColumns)}).");
            }
        }

        var keys = string.Join(", ", join.Keys.Select(Sql.Identifier));
        var on = string.Join(" AND ", join.Keys.Select(k => $"s.{Sql.Identifier(k)} = j.{Sql.Identifier(k)}"));
        var duplicate = FirstValues(connection, $"SELECT {keys} FROM {joinTable} GROUP BY {keys} HAVING COUNT(*) > 1 LIMIT 1", join.File);
        if (duplicate.Count > 0)
        {
            throw new UserInputException(
                $"{join.File} has several rows for {Describe(join.Keys, duplicate[0])}; a joined file needs one row per key so data rows are not duplicated.");
        }

        var unmatched = FirstValues(connection,
            $"SELECT DISTINCT {string.Join(", ", join.Keys.Select(k => "s." + Sql.Identifier(k)))} FROM {data} s " +
            $"WHERE {string.Join(" AND ", join.Keys.Select(k => $"s.{Sql.Identifier(k)} IS NOT NULL"))} " +
            $"AND NOT EXISTS (SELECT 1 FROM {joinTable} j WHERE {on}) ORDER BY 1 LIMIT 6", join.File);
        if (unmatched.Count > 0)
        {
            throw new UserInputException(
                $"{join.File} has no row for {string.Join("; ", unmatched.Take(5).Select(v => Describe(join.Keys, v)))}{(unmatched.Count > 5 ? "; …" : string.Empty)} " +
                "found in the data. Add those keys to the joined file (or fix their spelling in the data).");
        }

        var added = new List<string>();
        foreach (var column in joinColumns.Where(c => !join.Keys.Contains(c)))
        {
            if (!dataColumns.Contains(column))
            {
                added.Add(column);
                continue;
            }

            var conflict = FirstValues(connection,
                $"SELECT {string.Join(", ", join.Keys.Select(k => "s." + Sql.Identifier(k)))} FROM {data} s JOIN {joinTable} j ON {on} " +
                $"WHERE s.{Sql.Identifier(column)} IS DISTINCT FROM j.{Sql.Identifier(column)} LIMIT 1", join.File);
            if (conflict.Count > 0)
            {
                throw new UserInputException(
                    $"Column '{column}' is in both the data and {join.File} with different values (e.g. for {Describe(join.Keys, conflict[0])}). Rename one of them.");
            }
        }

        return added;
    }

    private static List<string> Columns(DuckDBConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        // DESCRIBE rather than information_schema: it resolves temporary tables and a read-only database in USE alike.
        command.CommandText = $"DESCRIBE {table}";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static List<string[]> FirstValues(DuckDBConnection connection, string sql, string context)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            using var reader = command.ExecuteReader();
            var rows = new List<string[]>();
            while (reader.Read())
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NA" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray());
            }

            return rows;
        }
        catch (DuckDBException e)
        {
            throw new UserInputException($"Cannot join {context}: {Engine.FirstLine(e.Message)}");
        }
    }

    private static string Describe(IReadOnlyList<string> keys, string[] values) =>
        string.Join(", ", keys.Select((k, i) => $"{k} = '{values[i]}'"));
}
