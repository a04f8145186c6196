using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace MisterP.Data;

/// <summary>
/// Runs the user's query in SQLite itself (Microsoft.Data.Sqlite; DuckDB's sqlite extension would need a download)
/// and copies the result into the engine through its appender. SQLite is dynamically typed, so a column is numeric
/// when every non-null value is an integer or real, and text otherwise.
/// </summary>
internal static class SqliteImport
{
    public const string Table = "__mrp_sqlite";

    public static void Import(DuckDBConnection connection, string file, string query, string spec)
    {
        if (file.Length == 0 || !File.Exists(file))
        {
            throw new UserInputException($"SQLite database '{file}' not found ({spec}); write sqlite:FILE?query=SELECT ...");
        }

        var (names, values) = Read(file, query, spec);
        var numeric = values.Select(column => column.All(v => v is null or long or double)).ToArray();
        var columns = string.Join(", ", names.Select((n, i) => $"{Sql.Identifier(n)} {(numeric[i] ? "DOUBLE" : "VARCHAR")}"));
        Engine.Execute(connection, $"CREATE TABLE {Table} ({columns})", spec);
        using var appender = connection.CreateAppender(Table);
        var rows = values.Length == 0 ? 0 : values[0].Count;
        for (var r = 0; r < rows; r++)
        {
            var row = appender.CreateRow();
            for (var c = 0; c < names.Count; c++)
            {
                var v = values[c][r];
                if (v is null)
                {
                    row.AppendNullValue();
                }
                else if (numeric[c])
                {
                    row.AppendValue(Convert.ToDouble(v, CultureInfo.InvariantCulture));
                }
                else
                {
                    row.AppendValue(Convert.ToString(v, CultureInfo.InvariantCulture));
                }
            }

            row.EndRow();
        }
    }

    /// <summary>
    /// SQLite's own parser decides: the query must compile to exactly one statement (nothing after it but blanks or
    /// comments), that statement must be read-only and return rows, and start with SELECT, WITH or VALUES (ATTACH and
    /// some PRAGMAs also count as read-only to SQLite; https://sqlite.org/c3ref/stmt_readonly.html).
    /// </summary>
    private static void CheckReadOnlySelect(SqliteConnection sqlite, string query, string spec)
    {
        var rc = SQLitePCL.raw.sqlite3_prepare_v2(sqlite.Handle, query, out var statement, out var tail);
        using (statement)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                throw new UserInputException($"SQLite query failed on {spec}: {SQLitePCL.raw.sqlite3_errmsg(sqlite.Handle).utf8_to_string()}");
            }

            var firstWord = FirstWord(query);
            var single = !statement.IsInvalid && string.IsNullOrWhiteSpace(StripComments(tail));
            var select = single && SQLitePCL.raw.sqlite3_stmt_readonly(statement) != 0 && SQLitePCL.raw.sqlite3_column_count(statement) > 0 &&
                         firstWord is "SELECT" or "WITH" or "VALUES";
            if (!single || !select)
            {
                throw new UserInputException(
                    $"The query in '{spec}' is refused: {(single ? $"it is not a SELECT statement (it starts with {firstWord})" : "it has more than one statement")}. " +
                    "A query may be one SELECT statement (or WITH … SELECT, VALUES) over the database it names.");
            }
        }
    }

    private static string FirstWord(string sql)
    {
        var text = StripComments(sql).TrimStart();
        var end = 0;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        return text[..end].ToUpperInvariant();
    }

    /// <summary>The text without SQL comments at its start (what may legitimately follow the one statement).</summary>
    private static string StripComments(string? sql)
    {
        var text = (sql ?? string.Empty).TrimStart();
        while (true)
        {
            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                var end = text.IndexOf('\n');
                text = end < 0 ? string.Empty : text[(end + 1)..].TrimStart();
            }
            else if (text.StartsWith("/*", StringComparison.Ordinal))
            {
                var end = text.IndexOf("*/", 2, StringComparison.Ordinal);
                text = end < 0 ? string.Empty : text[(end + 2)..].TrimStart();
            }
            else
            {
                return text;
            }
        }
    }

    private static (List<string> Names, List<object?>[] Values) Read(string file, string query, string spec)
    {
        try
        {
            using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly }.ToString());
            sqlite.Open();
            CheckReadOnlySelect(sqlite, query, spec);
            using var command = sqlite.CreateCommand();
            command.CommandText = query;
            using var reader = command.ExecuteReader();
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var values = names.Select(_ => new List<object?>()).ToArray();
            while (reader.Read())
            {
                for (var c = 0; c < names.Count; c++)
                {
                    values[c].Add(reader.IsDBNull(c) ? null : reader.GetValue(c));
                }
            }

            return (names, values);
        }
        catch (SqliteException e)
        {
            throw new UserInputException($"SQLite query failed on {spec}: {e.Message}");
        }
    }
}
