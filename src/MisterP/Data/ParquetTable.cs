using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>A <see cref="DataTable"/> written to and read from a Parquet file through the engine (numbers as DOUBLE, text as VARCHAR).</summary>
public static class ParquetTable
{
    private const string Table = "__mrp_out";

    public static void Write(string path, DataTable table)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var columns = string.Join(", ", table.Columns.Select(c => $"{Sql.Identifier(c.Name)} {(c is NumericColumn ? "DOUBLE" : "VARCHAR")}"));
        Engine.Execute(connection, $"CREATE TABLE {Table} ({columns})", path);
        using (var appender = connection.CreateAppender(Table))
        {
            for (var r = 0; r < table.RowCount; r++)
            {
                var row = appender.CreateRow();
                foreach (var column in table.Columns)
                {
                    if (column is NumericColumn numbers)
                    {
                        row.AppendValue(numbers.Values[r]);
                    }
                    else
                    {
                        row.AppendValue(((TextColumn)column).Values[r]);
                    }
                }

                row.EndRow();
            }
        }

        Engine.Execute(connection, $"COPY {Table} TO {Sql.Literal(Path.GetFullPath(path))} (FORMAT parquet)", path);
    }

    /// <summary>Every column of <paramref name="path"/>, every row in file order (the engine may read that one file and nothing else).</summary>
    public static DataTable Read(string path)
    {
        using var source = DuckDbTableSource.Open(path, []);
        return source.Load(source.Schema.Select(c => c.Name).ToList(), []).Table;
    }
}
