namespace MisterP.Data;

/// <summary>How engine types map to column kinds: numbers and booleans are numeric, everything else is text.</summary>
internal static class ColumnTypes
{
    public static ColumnKind KindOf(string duckDbType)
    {
        var t = duckDbType.ToUpperInvariant();
        return t is "BOOLEAN" or "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT"
            or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "FLOAT" or "DOUBLE" or "REAL" || t.StartsWith("DECIMAL", StringComparison.Ordinal)
            ? ColumnKind.Numeric
            : ColumnKind.Text;
    }

    /// <summary>The select expression that reads a column as double (booleans as 1/0) or as text.</summary>
    public static string Cast(string column, ColumnKind kind) =>
        kind == ColumnKind.Numeric
            ? $"CAST({Sql.Identifier(column)} AS DOUBLE)"
            : $"CAST({Sql.Identifier(column)} AS VARCHAR)";
}
