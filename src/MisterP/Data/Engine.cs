using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>Runs SQL on the engine and reads results column-wise into <see cref="DataTable"/>s; engine errors become user errors.</summary>
internal static class Engine
{
    public static void Execute(DuckDBConnection connection, string sql, string context)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DuckDBException e)
        {
            throw new UserInputException($"Cannot read {context}: {FirstLine(e.Message)}");
        }
    }

    public static object? Scalar(DuckDBCommand command, string context)
    {
        try
        {
            return command.ExecuteScalar();
        }
        catch (DuckDBException e)
        {
            throw new UserInputException($"Query on {context} failed: {FirstLine(e.Message)}");
        }
    }

    public static DataTable ReadTable(
        DuckDBConnection connection, string sql, IReadOnlyList<string> names, IReadOnlyList<ColumnKind> kinds, bool rowsPerCellColumn, string context) =>
        ReadChunks(connection, sql, names, kinds, int.MaxValue, context, rowsPerCellColumn).FirstOrDefault()
        ?? Empty(names, kinds, rowsPerCellColumn);

    /// <summary>Streams a query in tables of at most <paramref name="chunkRows"/> rows (an extra last column is the cell's row count when asked).</summary>
    public static IEnumerable<DataTable> ReadChunks(
        DuckDBConnection connection, string sql, IReadOnlyList<string> names, IReadOnlyList<ColumnKind> kinds, int chunkRows, string context,
        bool rowsPerCellColumn = false)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        DuckDBDataReader reader;
        try
        {
            reader = (DuckDBDataReader)command.ExecuteReader();
        }
        catch (DuckDBException e)
        {
            throw new UserInputException($"Query on {context} failed: {FirstLine(e.Message)}");
        }

        using (reader)
        {
            while (true)
            {
                var numbers = kinds.Select(k => k == ColumnKind.Numeric ? new List<double>() : null).ToArray();
                var texts = kinds.Select(k => k == ColumnKind.Text ? new List<string>() : null).ToArray();
                var counts = rowsPerCellColumn ? new List<double>() : null;
                var rows = 0;
                while (rows < chunkRows && reader.Read())
                {
                    for (var c = 0; c < kinds.Count; c++)
                    {
                        if (kinds[c] == ColumnKind.Numeric)
                        {
                            numbers[c]!.Add(reader.IsDBNull(c) ? double.NaN : reader.GetDouble(c));
                        }
                        else
                        {
                            texts[c]!.Add(reader.IsDBNull(c) ? string.Empty : reader.GetString(c));
                        }
                    }

                    counts?.Add(reader.GetDouble(kinds.Count));
                    rows++;
                }

                if (rows == 0)
                {
                    yield break;
                }

                yield return Build(names, kinds, numbers, texts, counts);
                if (rows < chunkRows)
                {
                    yield break;
                }
            }
        }
    }

    private static DataTable Build(IReadOnlyList<string> names, IReadOnlyList<ColumnKind> kinds, List<double>?[] numbers, List<string>?[] texts, List<double>? counts)
    {
        var columns = new List<DataColumn>(names.Count);
        for (var c = 0; c < names.Count; c++)
        {
            columns.Add(kinds[c] == ColumnKind.Numeric
                ? new NumericColumn(names[c], numbers[c]!.ToArray())
                : new TextColumn(names[c], texts[c]!.ToArray()));
        }

        return new DataTable(columns, counts?.ToArray());
    }

    private static DataTable Empty(IReadOnlyList<string> names, IReadOnlyList<ColumnKind> kinds, bool rowsPerCell) =>
        new(names.Select((n, i) => kinds[i] == ColumnKind.Numeric ? (DataColumn)new NumericColumn(n, []) : new TextColumn(n, [])).ToList(),
            rowsPerCell ? [] : null);

    /// <summary>The engine's message without its long hints: the first lines that say what and where.</summary>
    public static string FirstLine(string message)
    {
        var lines = message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(4);
        return string.Join(" ", lines);
    }
}
