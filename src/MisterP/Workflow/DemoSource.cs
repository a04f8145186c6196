using MisterP.Data;

namespace MisterP.Workflow;

/// <summary>
/// A table source named by where its file will be once the demo folder is moved into place. The demo writes into a
/// temporary folder (so a failed run leaves nothing half-written); fits record their data source in model.json, and
/// that record must point at the final folder, not at the temporary one.
/// </summary>
internal sealed class DemoSource(ITableSource inner, string description, string spec) : ITableSource
{
    public string Description { get; } = description;

    public string? Spec { get; } = spec;

    public IReadOnlyList<ColumnSchema> Schema => inner.Schema;

    public LoadResult Load(IReadOnlyList<string> columns, IReadOnlyList<string> requiredColumns) => inner.Load(columns, requiredColumns);

    public LoadResult LoadAggregated(IReadOnlyList<string> keys, IReadOnlyList<AggregateSum> sums, IReadOnlyList<string> requiredColumns) =>
        inner.LoadAggregated(keys, sums, requiredColumns);

    public long? FirstRowWhere(string sqlPredicate, IReadOnlyList<string> requiredColumns) => inner.FirstRowWhere(sqlPredicate, requiredColumns);

    public double[] EvaluatePerRow(string sqlExpression, IReadOnlyList<string> requiredColumns) => inner.EvaluatePerRow(sqlExpression, requiredColumns);

    public long CountRows(IReadOnlyList<string> requiredColumns) => inner.CountRows(requiredColumns);

    public IEnumerable<LoadResult> ReadChunks(IReadOnlyList<string> columns, int chunkRows) => inner.ReadChunks(columns, chunkRows);

    public void Dispose() => inner.Dispose();
}
