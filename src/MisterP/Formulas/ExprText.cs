using MisterP.Data;

namespace MisterP.Formulas;

/// <summary>Canonical text of an expression, as R deparses it: <c>log(x)</c>, <c>I(x^2)</c>, <c>n - y</c>, <c>x/2</c>.</summary>
public static class ExprText
{
    public static string Format(Expr e) => e switch
    {
        VariableExpr v => v.Name,
        NumberExpr n => LevelText.Format(n.Value),
        StringExpr s => "\"" + s.Value + "\"",
        NegateExpr n => "-" + Wrap(n.Operand, 3),
        BinaryExpr b => b.Operator switch
        {
            '^' => Wrap(b.Left, 4) + "^" + Wrap(b.Right, 3),
            '/' => Wrap(b.Left, 2) + "/" + Wrap(b.Right, 3),
            _ => Wrap(b.Left, Precedence(b)) + $" {b.Operator} " + Wrap(b.Right, Precedence(b) + 1),
        },
        CallExpr c => c.Function + "(" + string.Join(", ", c.Arguments.Select(Format).Concat(c.Named.Select(kv => $"{kv.Key} = {Format(kv.Value)}"))) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown expression."),
    };

    private static int Precedence(Expr e) => e switch
    {
        BinaryExpr { Operator: '+' or '-' } => 1,
        BinaryExpr { Operator: '*' or '/' } => 2,
        NegateExpr => 3,
        BinaryExpr { Operator: '^' } => 4,
        _ => 5,
    };

    private static string Wrap(Expr e, int minimum) => Precedence(e) < minimum ? "(" + Format(e) + ")" : Format(e);
}
