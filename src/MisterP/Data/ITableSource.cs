namespace MisterP.Data;

/// <summary>
/// A tabular input (CSV, Parquet, DuckDB or SQLite query, with any joins already applied) that the design layer
/// reads from. Work on rows happens in the engine (SQL), not in C# loops: dropping rows with missing values,
/// validation predicates and aggregation into cells.
/// </summary>
public interface ITableSource : IDisposable
{
    /// <summary>What the user named (file path or source spec), for messages.</summary>
    string Description { get; }

    /// <summary>
    /// The spec it was opened from (before joins), a plain file's path made absolute, so that a fit can reopen its
    /// data later from any folder; null when the source cannot be reopened by spec.
    /// </summary>
    string? Spec { get; }

    /// <summary>Columns and their inferred kinds, in source order.</summary>
    IReadOnlyList<ColumnSchema> Schema { get; }

    /// <summary>
    /// Reads <paramref name="columns"/> for every row where none of <paramref name="requiredColumns"/>
    /// (which include <paramref name="columns"/>) is missing, in source order.
    /// </summary>
    LoadResult Load(IReadOnlyList<string> columns, IReadOnlyList<string> requiredColumns);

    /// <summary>
    /// Drops rows missing any of <paramref name="requiredColumns"/>, groups the rest by <paramref name="keys"/>
    /// and returns one row per distinct key combination (ordered by the keys) holding the keys, each sum
    /// (an SQL expression over columns, summed per group, as a numeric column named by
    /// <see cref="AggregateSum.Name"/>) and <see cref="DataTable.RowsPerCell"/> = number of rows.
    /// </summary>
    LoadResult LoadAggregated(IReadOnlyList<string> keys, IReadOnlyList<AggregateSum> sums, IReadOnlyList<string> requiredColumns);

    /// <summary>
    /// 1-based number (in source order) of the first row, among rows not missing any of
    /// <paramref name="requiredColumns"/>, where the SQL predicate holds; null when none does. For validation
    /// messages such as "row 17: successes (5) exceed trials (3)".
    /// </summary>
    long? FirstRowWhere(string sqlPredicate, IReadOnlyList<string> requiredColumns);

    /// <summary>
    /// Value of an SQL expression for every row not missing any of <paramref name="requiredColumns"/>, in source
    /// order (the rows <see cref="Load"/> returns for the same columns); e.g. selection propensities of frame cells.
    /// </summary>
    double[] EvaluatePerRow(string sqlExpression, IReadOnlyList<string> requiredColumns);

    /// <summary>Number of rows not missing any of <paramref name="requiredColumns"/> (the rows <see cref="ReadChunks"/> yields for them).</summary>
    long CountRows(IReadOnlyList<string> requiredColumns);

    /// <summary>Streams <paramref name="columns"/> in chunks of at most <paramref name="chunkRows"/> rows (rows missing any of them are dropped and counted in the chunk's result).</summary>
    IEnumerable<LoadResult> ReadChunks(IReadOnlyList<string> columns, int chunkRows);
}

/// <summary>A per-group sum of an SQL expression (identifiers quoted with <see cref="Sql.Identifier"/>).</summary>
public sealed record AggregateSum(string Name, string SqlExpression);

/// <summary>Rows read, and how many rows were dropped for missing values in the used columns.</summary>
public sealed record LoadResult(DataTable Table, long RowsDropped);

/// <summary>SQL text helpers shared by the layers that build expressions for the engine.</summary>
public static class Sql
{
    /// <summary>A double-quoted SQL identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A single-quoted SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
