namespace MisterP.Formulas;

/// <summary>
/// A parsed model formula (lme4 / brms / Bambi / formulaic syntax), already expanded:
/// <c>a*b</c> and <c>(a+b)^2</c> become their main effects and interactions, <c>0</c>/<c>-1</c> removes the intercept.
/// </summary>
public sealed record Formula(
    string Text,
    ResponseSpec Response,
    bool HasIntercept,
    IReadOnlyList<Term> FixedTerms,
    IReadOnlyList<GroupTerm> GroupTerms)
{
    /// <summary>Every data column the formula reads (response, predictors, grouping factors), in first-use order.</summary>
    public IReadOnlyList<string> Variables { get; init; } = [];
}

/// <summary>
/// Left-hand side. <see cref="Outcome"/> is the response (successes for binomial forms).
/// Binomial: <c>p(y, n)</c>, <c>y | trials(n)</c> set <see cref="Trials"/>; <c>cbind(s, f)</c> sets <see cref="Failures"/>.
/// brms additions: <c>y | se(s)</c>, <c>y | weights(w)</c> (several may be combined with '+': <c>y | trials(n) + weights(w)</c>).
/// </summary>
public sealed record ResponseSpec(Expr Outcome)
{
    public Expr? Trials { get; init; }

    public Expr? Failures { get; init; }

    public Expr? KnownSe { get; init; }

    public Expr? Weights { get; init; }

    /// <summary>
    /// <c>cbind(A, B, C, …)</c> with three or more columns: one count per category (multinomial), the first the
    /// reference; <see cref="Outcome"/> is the first. Null otherwise (two columns stay successes and failures).
    /// </summary>
    public IReadOnlyList<Expr>? Counts { get; init; }

    /// <summary>True when the response carries trials (p(), trials(), cbind()), i.e. binomial by default.</summary>
    public bool IsBinomial => Trials is not null || Failures is not null;
}

/// <summary>One fixed-effect term: a single predictor, or an interaction <c>a:b:c</c> of predictors.</summary>
public sealed record Term(IReadOnlyList<Predictor> Factors)
{
    /// <summary>R-style label: the predictors' labels joined by ':'.</summary>
    public string Label => string.Join(":", Factors.Select(f => f.Label));
}

/// <summary>
/// One predictor inside a term.
/// <see cref="Label"/> is the name used in coefficient names: the variable name for <c>x</c>, <c>C(g)</c> and
/// <c>factor(g)</c> (so <c>C(educ)</c> gives <c>educHS</c>), the expression text otherwise (<c>log(x)</c>, <c>I(x^2)</c>).
/// </summary>
public sealed record Predictor(Expr Expression, string Label)
{
    /// <summary>Wrapped in <c>C()</c> or <c>factor()</c>: categorical even when the column is numeric.</summary>
    public bool ForceCategorical { get; init; }

    /// <summary>Reference level from <c>C(g, Treatment(reference="B"))</c> / <c>Treatment("B")</c>; null = first level.</summary>
    public string? ReferenceLevel { get; init; }
}

/// <summary>
/// A group-level term <c>(1 + x | g)</c>, <c>(1 + x || g)</c>, <c>(0 + x | g)</c>, <c>(1 | a:b)</c>.
/// <see cref="GroupFactors"/> lists the grouping variables (one, or several for an interaction <c>a:b</c>).
/// </summary>
public sealed record GroupTerm(
    IReadOnlyList<string> GroupFactors,
    bool HasIntercept,
    IReadOnlyList<Term> Slopes,
    bool Correlated)
{
    /// <summary>
    /// Group name as written: <c>state</c>, <c>educ:age</c>. A by-walk <c>rw1(month, by = plan)</c> is a term over
    /// plan × month named <c>rw1_plan:month</c>, so it never shares its parameter names with an iid
    /// <c>(1 | plan:month)</c> beside it (the model has both).
    /// </summary>
    public string GroupName => Structure?.By is null
        ? string.Join(":", GroupFactors)
        : Structure.Kind.ToString().ToLowerInvariant() + "_" + string.Join(":", GroupFactors);

    /// <summary>A structured prior (<c>rw1(g)</c>, <c>bym2(g, …)</c>) instead of iid effects; null for <c>(1 | g)</c>.</summary>
    public StructureSpec? Structure { get; init; }
}

/// <summary>An expression over data columns (predictors, transforms, arguments of response functions).</summary>
public abstract record Expr
{
    /// <summary>Offset of the expression's first character in the formula text (for caret errors).</summary>
    public int Position { get; init; }
}

public sealed record VariableExpr(string Name) : Expr;

public sealed record NumberExpr(double Value) : Expr;

public sealed record StringExpr(string Value) : Expr;

/// <summary>A function call: <c>log(x)</c>, <c>np.log(x)</c> (Function = "np.log"), <c>scale(x)</c>, <c>I(x^2)</c>, <c>C(g, ...)</c>.</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments) : Expr
{
    /// <summary>Keyword arguments, e.g. <c>reference="B"</c>.</summary>
    public IReadOnlyDictionary<string, Expr> Named { get; init; } = new Dictionary<string, Expr>();
}

/// <summary>Arithmetic inside <c>I()</c> or response expressions such as <c>n - y</c>: + − * / ^.</summary>
public sealed record BinaryExpr(char Operator, Expr Left, Expr Right) : Expr;

public sealed record NegateExpr(Expr Operand) : Expr;
