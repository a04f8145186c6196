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

    private static (List<string> Names, List<object?>[] Values) Read(string file, string query, string spec)
    {
        try
        {
            using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly }.ToString());
            sqlite.Open();
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
