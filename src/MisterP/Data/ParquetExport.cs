using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>Converts a CSV file the library wrote into Parquet through the engine (for large per-draw outputs).</summary>
public static class ParquetExport
{
    public static void FromCsv(string csvPath, string parquetPath)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Engine.Execute(connection,
            $"COPY (SELECT * FROM read_csv({Sql.Literal(Path.GetFullPath(csvPath))}, header = true, delim = ',', nullstr = ['NA', ''])) " +
            $"TO {Sql.Literal(Path.GetFullPath(parquetPath))} (FORMAT parquet)",
            csvPath);
    }
}
