using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>Evaluates a row-wise expression over columns of a table (numbers only; categorical columns are handled as factors).</summary>
internal static class ExprEvaluator
{
    public static double[] Evaluate(Expr e, Func<string, double[]> column, int rows) => e switch
    {
        VariableExpr v => column(v.Name),
        NumberExpr n => Enumerable.Repeat(n.Value, rows).ToArray(),
        NegateExpr n => Evaluate(n.Operand, column, rows).Select(x => -x).ToArray(),
        BinaryExpr b => Combine(b.Operator, Evaluate(b.Left, column, rows), Evaluate(b.Right, column, rows)),
        CallExpr c when FunctionCatalog.Transforms.TryGetValue(c.Function, out var f) && c.Arguments.Count == 1 =>
            Apply(f, Evaluate(c.Arguments[0], column, rows)),
        _ => throw new UserInputException($"Cannot evaluate '{ExprText.Format(e)}'."),
    };

    private static double[] Combine(char op, double[] a, double[] b)
    {
        var r = new double[a.Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = op switch
            {
                '+' => a[i] + b[i],
                '-' => a[i] - b[i],
                '*' => a[i] * b[i],
                '/' => a[i] / b[i],
                '^' => Math.Pow(a[i], b[i]),
                _ => throw new InvalidOperationException($"Unknown operator {op}."),
            };
        }

        return r;
    }

    private static double[] Apply(string function, double[] x) => function switch
    {
        "log" => x.Select(v => Math.Log(v)).ToArray(),
        "log2" => x.Select(v => Math.Log2(v)).ToArray(),
        "log10" => x.Select(v => Math.Log10(v)).ToArray(),
        "log1p" => x.Select(v => Math.Log(1 + v)).ToArray(),
        "exp" => x.Select(v => Math.Exp(v)).ToArray(),
        "sqrt" => x.Select(v => Math.Sqrt(v)).ToArray(),
        "abs" => x.Select(v => Math.Abs(v)).ToArray(),
        "I" => x,
        _ => throw new InvalidOperationException($"{function}() is not row-wise; it is applied by the predictor's scaling."),
    };
}
