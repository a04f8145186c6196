using DuckDB.NET.Data;

namespace MisterP.Bench;

/// <summary>
/// Runs SQL in a fresh in-memory DuckDB (bench scripts have no DuckDB CLI): generating synthetic microdata and the
/// hand-written GROUP BY that <c>mrp frame build</c> is checked against.
/// </summary>
internal static class DuckDbSqlBench
{
    public static int Run(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return 0;
    }
}
