using System.Globalization;
using MisterP.Data;

namespace MisterP.Formulas;

/// <summary>
/// Translates a row-wise expression into SQL over quoted columns, so the engine computes sums such as
/// Σ(n − y) when aggregating. <c>scale()</c> and <c>center()</c> depend on all rows and are not row-wise.
/// </summary>
public static class ExprSql
{
    public static string ToSql(Expr e) => e switch
    {
        VariableExpr v => $"CAST({Sql.Identifier(v.Name)} AS DOUBLE)",
        NumberExpr n => n.Value.ToString("R", CultureInfo.InvariantCulture),
        NegateExpr n => $"(-{ToSql(n.Operand)})",
        BinaryExpr { Operator: '^' } b => $"power({ToSql(b.Left)}, {ToSql(b.Right)})",
        BinaryExpr b => $"({ToSql(b.Left)} {b.Operator} {ToSql(b.Right)})",
        CallExpr c when FunctionCatalog.Transforms.TryGetValue(c.Function, out var f) && c.Arguments.Count == 1 => f switch
        {
            "log" => $"ln({ToSql(c.Arguments[0])})",
            "log2" => $"log2({ToSql(c.Arguments[0])})",
            "log10" => $"log10({ToSql(c.Arguments[0])})",
            "log1p" => $"ln(1 + {ToSql(c.Arguments[0])})",
            "exp" => $"exp({ToSql(c.Arguments[0])})",
            "sqrt" => $"sqrt({ToSql(c.Arguments[0])})",
            "abs" => $"abs({ToSql(c.Arguments[0])})",
            "I" => ToSql(c.Arguments[0]),
            _ => throw new InvalidOperationException($"{c.Function}() depends on all rows and has no row-wise SQL form."),
        },
        _ => throw new InvalidOperationException($"No SQL form for '{ExprText.Format(e)}'."),
    };

    /// <summary>True when the expression is row-wise (no scale()/center() anywhere inside).</summary>
    public static bool IsRowWise(Expr e) => e switch
    {
        CallExpr c => c.Function is not ("scale" or "center") && c.Arguments.All(IsRowWise),
        BinaryExpr b => IsRowWise(b.Left) && IsRowWise(b.Right),
        NegateExpr n => IsRowWise(n.Operand),
        _ => true,
    };
}
