using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>
/// Locks a connection that runs user SQL down to what the command named: no file system or network access beyond
/// the listed files (and glob folders), no extension downloads, and the configuration locked so SQL cannot undo it
/// (https://duckdb.org/docs/stable/operations_manual/securing_duckdb/overview: enable_external_access,
/// allowed_paths, allowed_directories, lock_configuration; DuckDB 1.5).
/// </summary>
internal static class EngineLockdown
{
    public static void Apply(DuckDBConnection connection, IEnumerable<string> paths, IEnumerable<string> directories)
    {
        var sql =
            "SET autoinstall_known_extensions = false; " +
            $"SET allowed_paths = {List(paths)}; " +
            $"SET allowed_directories = {List(directories)}; " +
            "SET enable_external_access = false; " +
            "SET lock_configuration = true;";
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string List(IEnumerable<string> values) =>
        "[" + string.Join(", ", values.Distinct(StringComparer.Ordinal).Select(Sql.Literal)) + "]::VARCHAR[]";
}
