namespace MisterP.Data;

/// <summary>Kind of a column as typed by the data layer.</summary>
public enum ColumnKind
{
    /// <summary>Integers, decimals and booleans (true = 1); stored as double.</summary>
    Numeric,

    /// <summary>Strings: categorical by default.</summary>
    Text,
}

/// <summary>Name and kind of a column of a source, known before any row is read.</summary>
public sealed record ColumnSchema(string Name, ColumnKind Kind);

/// <summary>A materialized column. Missing values never appear: rows with them are dropped on load.</summary>
public abstract class DataColumn(string name)
{
    public string Name { get; } = name;

    public abstract int Length { get; }
}

public sealed class NumericColumn(string name, double[] values) : DataColumn(name)
{
    public double[] Values { get; } = values;

    public override int Length => Values.Length;
}

public sealed class TextColumn(string name, string[] values) : DataColumn(name)
{
    public string[] Values { get; } = values;

    public override int Length => Values.Length;
}

/// <summary>
/// Rows (or aggregated cells) in memory, column-major. When the table holds cells, <see cref="RowsPerCell"/>
/// counts the original rows behind each cell; otherwise it is null (one row each).
/// </summary>
public sealed class DataTable
{
    private readonly Dictionary<string, DataColumn> _byName;

    public DataTable(IReadOnlyList<DataColumn> columns, double[]? rowsPerCell = null)
    {
        Columns = columns;
        RowCount = columns.Count > 0 ? columns[0].Length : rowsPerCell?.Length ?? 0;
        foreach (var c in columns)
        {
            if (c.Length != RowCount)
            {
                throw new ArgumentException($"Column '{c.Name}' has {c.Length} values, expected {RowCount}.");
            }
        }

        _byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        RowsPerCell = rowsPerCell;
    }

    public IReadOnlyList<DataColumn> Columns { get; }

    public int RowCount { get; }

    public double[]? RowsPerCell { get; }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public DataColumn this[string name] =>
        _byName.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"No column '{name}'.");
}
