using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>User SQL expressions given as options (e.g. <c>mrp simulate --select</c>), checked before they are pasted into a query.</summary>
public static class SqlExpression
{
    /// <summary>Throws a <see cref="UserInputException"/> unless <paramref name="expression"/> is one SQL expression.</summary>
    public static void Check(string expression, string option)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        ReadOnlyQuery.CheckExpression(connection, expression, option);
    }
}
