using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>
/// How one predictor turns a table into numbers, fixed at fitting time so frames are encoded identically:
/// a categorical predictor's levels in order (reference first), or a numeric expression with the centre and
/// scale of <c>scale()</c>/<c>center()</c> computed on the fitting rows.
/// </summary>
public sealed record PredictorSpec(string Label, Expr Expression, bool Categorical, IReadOnlyList<string> Levels, double Center, double Scale)
{
    /// <summary>The expression inside scale()/center(), or the expression itself.</summary>
    public Expr Inner => Expression is CallExpr { Function: "scale" or "center", Arguments: [var inner] } ? inner : Expression;

    /// <summary>The data column a categorical predictor reads.</summary>
    public string? Column => Categorical ? ((VariableExpr)Expression).Name : null;
}

/// <summary>One factor of a design column: a numeric predictor (Level null) or the indicator of one level of a categorical one.</summary>
public sealed record ColumnPart(string Predictor, string? Level);

/// <summary>A design column: the product of its parts (the intercept has none).</summary>
public sealed record DesignColumn(string Name, IReadOnlyList<ColumnPart> Parts);
