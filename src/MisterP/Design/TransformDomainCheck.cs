using MisterP.Data;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>
/// NaN/Inf cells in predictor columns, and log() and sqrt() of values outside their domain, found in the data before the design is built so that the message
/// names the column and the first bad row (log(male) of a 0/1 column used to end in an internal error).
/// </summary>
internal static class TransformDomainCheck
{
    public static void Run(Formula formula, ITableSource source, IReadOnlyList<string> required)
    {
        var expressions = formula.FixedTerms.Concat(formula.GroupTerms.SelectMany(g => g.Slopes))
            .SelectMany(t => t.Factors)
            .Select(p => p.Expression)
            .Prepend(formula.Response.Outcome);
        var numeric = source.Schema.Where(c => c.Kind == ColumnKind.Numeric).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var predictorColumns = formula.FixedTerms.Concat(formula.GroupTerms.SelectMany(g => g.Slopes))
            .SelectMany(t => t.Factors)
            .Where(p => !p.ForceCategorical)
            .SelectMany(p => DesignRecipe.Variables(p.Expression))
            .Distinct(StringComparer.Ordinal)
            .Where(numeric.Contains);
        foreach (var column in predictorColumns)
        {
            // NaN and Inf cells are read as numbers, not as missing: name the row rather than blame a transform later.
            if (source.FirstRowWhere($"NOT isfinite(CAST({Sql.Identifier(column)} AS DOUBLE))", required) is { } row)
            {
                throw new UserInputException(
                    $"Column '{column}' is not a finite number (NaN or Inf) in row {row} of {source.Description}. " +
                    "Leave the cell empty or write NA for a missing value (such rows are dropped), or correct it.");
            }
        }

        foreach (var e in expressions)
        {
            Walk(e, source, required);
        }
    }

    private static void Walk(Expr e, ITableSource source, IReadOnlyList<string> required)
    {
        switch (e)
        {
            case CallExpr c:
                foreach (var a in c.Arguments)
                {
                    Walk(a, source, required);
                }

                if (c.Arguments.Count == 1 && FunctionCatalog.Transforms.TryGetValue(c.Function, out var f) && ExprSql.IsRowWise(c.Arguments[0]))
                {
                    var (predicate, needs) = f switch
                    {
                        "log" or "log2" or "log10" => ("<= 0", "values > 0"),
                        "log1p" => ("<= -1", "values > -1"),
                        "sqrt" => ("< 0", "values ≥ 0"),
                        "scale" or "center" => ($"NOT (abs({{0}}) <= {DesignChecks.LargestValue:R})", "values within ±1e150"),
                        _ => (null, null),
                    };
                    if (predicate is not null)
                    {
                        var argument = c.Arguments[0];
                        var text = ExprText.Format(argument);
                        if (f is "scale" or "center")
                        {
                            if (source.FirstRowWhere(string.Format(System.Globalization.CultureInfo.InvariantCulture, predicate, ExprSql.ToSql(argument)), required) is { } huge)
                            {
                                throw new UserInputException(
                                    $"{ExprText.Format(c)}: '{text}' is beyond ±1e150 (or not finite) in row {huge} of {source.Description}, where its mean and sd overflow. " +
                                    $"Rescale it first (e.g. {f}(I({text} / 1e100))) or check the column for corrupt values.");
                            }

                            break;
                        }

                        if (source.FirstRowWhere($"({ExprSql.ToSql(argument)}) {predicate}", required) is { } row)
                        {
                            throw new UserInputException(
                                $"{ExprText.Format(c)} needs {needs}, but '{text}' is {predicate.Replace("<=", "≤", StringComparison.Ordinal)} " +
                                $"in row {row} of {source.Description}. Use log1p({text}) or I(log({text} + 1)) for columns with zeros, " +
                                $"or keep '{text}' untransformed (a 0/1 column needs no transform).");
                        }
                    }
                }

                break;
            case BinaryExpr b:
                Walk(b.Left, source, required);
                Walk(b.Right, source, required);
                break;
            case NegateExpr n:
                Walk(n.Operand, source, required);
                break;
        }
    }
}
