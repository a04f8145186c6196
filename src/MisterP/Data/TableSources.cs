namespace MisterP.Data;

/// <summary>Opens what users name as data: a CSV or Parquet file, <c>duckdb:FILE?query=SQL</c>, <c>duckdb:?query=SQL</c> or <c>sqlite:FILE?query=SQL</c>.</summary>
public static class TableSources
{
    public static ITableSource Open(string spec, IReadOnlyList<JoinSpec>? joins = null, RecodeRules? recode = null) =>
        DuckDbTableSource.Open(spec, joins ?? [], recode);
}
