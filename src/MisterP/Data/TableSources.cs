namespace MisterP.Data;

/// <summary>Opens what users name as data: a CSV or Parquet file, <c>duckdb:FILE?query=SQL</c>, <c>duckdb:?query=SQL</c> or <c>sqlite:FILE?query=SQL</c>.</summary>
public static class TableSources
{
    public static ITableSource Open(string spec, IReadOnlyList<JoinSpec>? joins = null, RecodeRules? recode = null) =>
        DuckDbTableSource.Open(spec, joins ?? [], recode);

    /// <summary>
    /// Starts the engine's one-time set-up (loading its native library, ≈ 0.1 s) on a background thread, so that a
    /// short command overlaps it with its own start-up; its first open then takes that database instead of starting another.
    /// </summary>
    public static void WarmUp() => DuckDbTableSource.WarmUp();
}
