using System.Globalization;

namespace MisterP.Formulas;

/// <summary>
/// Parses lme4 / brms / Bambi / formulaic formulas (SPEC §3) into a <see cref="Formula"/>: recursive descent over
/// tokens, formula algebra for <c>+ - * / : ^</c>, group terms <c>( … | g)</c>, and the response forms
/// <c>p(y, n)</c>, <c>y | trials(n)</c>, <c>cbind(y, n - y)</c>, <c>y | se(s)</c>, <c>y | weights(w)</c>.
/// </summary>
public sealed class FormulaParser
{
    private readonly string _text;
    /// <summary>Deepest nesting of parentheses, calls and unary minus a formula may use; far beyond real formulas,
    /// and well within the stack of the recursive descent (60,000 parentheses used to abort the process).</summary>
    public const int MaxDepth = 200;

    /// <summary>Most fixed-effect terms the algebra may produce (<c>a*b*…*z</c> expands to 2^26 terms).</summary>
    public const int MaxTerms = 10_000;

    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private FormulaParser(string text)
    {
        _text = text;
        _tokens = Tokenizer.Tokenize(text);
    }

    public static Formula Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormulaSyntaxException(text ?? string.Empty, 0, "The formula is empty: write it as 'y ~ x + (1|g)'.");
        }

        return new FormulaParser(text.Trim()).ParseFormula();
    }

    /// <summary>Parses a single expression such as <c>log(x)</c> or <c>scale(age)</c> (as stored in a fit's recipe).</summary>
    public static Expr ParseExpression(string text)
    {
        var parser = new FormulaParser(text.Trim());
        var expression = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Error(parser.Current.Position, $"Unexpected '{parser.Current.Text}' after the expression.");
        }

        return expression;
    }

    private Token Current => _tokens[_index];

    private Formula ParseFormula()
    {
        var tilde = _tokens.FindIndex(t => t.Is("~"));
        if (tilde < 0)
        {
            throw Error(_text.Length, "The formula has no '~': write the response on the left, e.g. 'y ~ x + (1|g)'.");
        }

        if (tilde == 0)
        {
            throw Error(0, "The formula has no response before '~': write e.g. 'y ~ x'.");
        }

        var response = ParseResponse();
        Expect("~", "Expected '~' after the response");
        if (Current.Kind == TokenKind.End)
        {
            throw Error(Current.Position, "Nothing after '~': add predictors, or '1' for an intercept-only model.");
        }

        var rhs = ParseSum();
        if (Current.Kind != TokenKind.End)
        {
            throw Error(Current.Position, Current.Is(")") ? "Unmatched ')'." : $"Unexpected '{Current.Text}': join terms with '+'.");
        }

        var terms = rhs.Terms
            .Select((t, i) => (Term: new Term(t), Order: i))
            .OrderBy(x => x.Term.Factors.Count)
            .ThenBy(x => x.Order)
            .Select(x => x.Term)
            .ToList();
        CheckGroupTerms(rhs.Groups);
        var formula = new Formula(_text, response, rhs.Intercept ?? true, terms, rhs.Groups);
        return formula with { Variables = CollectVariables(formula) };
    }

    /// <summary>
    /// One group term per grouping factor (a repeated <c>(1|state)</c> gave two sd_state__Intercept parameters), and
    /// no varying slope of the grouping factor itself (<c>(state|state)</c> has nothing to vary over).
    /// </summary>
    private void CheckGroupTerms(IReadOnlyList<GroupTerm> groups)
    {
        var seen = new Dictionary<string, GroupTerm>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            // A by-walk over plan × month has its own name (rw1_plan:month), so it may sit beside (1 | plan:month).
            var key = string.Join(":", g.GroupFactors.Order(StringComparer.Ordinal)) + (g.Structure?.By is null ? "" : " walk");
            var position = Math.Max(0, _text.IndexOf(g.GroupFactors[^1], StringComparison.Ordinal));
            if (g.GroupFactors.Distinct(StringComparer.Ordinal).Count() < g.GroupFactors.Count)
            {
                throw Error(position, $"The group term ( … | {g.GroupName}) repeats a grouping factor; write each factor once, e.g. (1 | {string.Join(":", g.GroupFactors.Distinct(StringComparer.Ordinal))}).");
            }

            if (seen.ContainsKey(key))
            {
                throw Error(position,
                    $"The grouping factor '{g.GroupName}' appears in two group terms. Write one term per grouping factor: (1 | {g.GroupName}) for " +
                    $"varying intercepts, (1 + x | {g.GroupName}) for correlated varying slopes or (1 + x || {g.GroupName}) for uncorrelated ones.");
            }

            seen[key] = g;
            var slopeVariables = g.Slopes.SelectMany(t => t.Factors).SelectMany(p => VariablesOf(p.Expression)).ToHashSet(StringComparer.Ordinal);
            if (g.GroupFactors.FirstOrDefault(slopeVariables.Contains) is { } both)
            {
                throw Error(position,
                    $"In ({string.Join(" + ", g.Slopes.Select(t => t.Label))} | {g.GroupName}) the varying slope uses '{both}', which is the grouping factor itself: " +
                    $"within one level of '{both}' it does not vary. Write (1 | {g.GroupName}) for varying intercepts.");
            }
        }
    }

    /// <summary>
    /// Inside a predictor's transform or the response only row-wise transforms of one argument may appear (log, exp,
    /// I(), …): C(), factor() and scale() apply to a whole predictor, and an unknown or two-argument call such as
    /// log(x, 2) has no meaning here (they used to reach the SQL translation and end in an internal error).
    /// </summary>
    private void RequireRowWise(Expr e)
    {
        switch (e)
        {
            case CallExpr c:
                FunctionCatalog.Require(_text, c);
                if (c.Function is "scale" or "center")
                {
                    throw Error(c.Position, $"{c.Function}() applies to a whole predictor (write {c.Function}(x) as a term); it cannot appear inside another expression or in the response.");
                }

                RequireRowWise(c.Arguments[0]);
                break;
            case BinaryExpr b:
                RequireRowWise(b.Left);
                RequireRowWise(b.Right);
                break;
            case NegateExpr n:
                RequireRowWise(n.Operand);
                break;
            case StringExpr s:
                throw Error(s.Position, $"A string (\"{s.Value}\") cannot be used in arithmetic; name a column, or a number.");
        }
    }

    private static IEnumerable<string> VariablesOf(Expr e) => e switch
    {
        VariableExpr v => [v.Name],
        CallExpr c => c.Arguments.SelectMany(VariablesOf),
        BinaryExpr b => VariablesOf(b.Left).Concat(VariablesOf(b.Right)),
        NegateExpr n => VariablesOf(n.Operand),
        _ => [],
    };

    private ResponseSpec ParseResponse()
    {
        var start = Current.Position;
        var outcome = ParseExpression();
        ResponseSpec spec;
        if (outcome is CallExpr { Function: "p" } p)
        {
            RequireArguments(p, 2, "p(successes, trials)");
            spec = new ResponseSpec(p.Arguments[0]) { Trials = p.Arguments[1] };
        }
        else if (outcome is CallExpr { Function: "cbind", Arguments.Count: >= 3 } counts)
        {
            // brms's multinomial response: one count column per category, the first the reference.
            spec = new ResponseSpec(counts.Arguments[0]) { Counts = counts.Arguments };
        }
        else if (outcome is CallExpr { Function: "cbind" } c)
        {
            RequireArguments(c, 2, "cbind(successes, failures) or, for counts of three or more categories, cbind(A, B, C, …)");
            spec = new ResponseSpec(c.Arguments[0]) { Failures = c.Arguments[1] };
        }
        else
        {
            spec = new ResponseSpec(outcome);
        }

        if (Current.Is("|"))
        {
            Advance();
            do
            {
                var addition = ParsePrimary();
                if (addition is not CallExpr { Arguments.Count: 1 } call)
                {
                    throw Error(addition.Position, "After '|' on the left write trials(n), se(s) or weights(w).");
                }

                spec = call.Function switch
                {
                    "trials" => spec with { Trials = call.Arguments[0] },
                    "se" => spec with { KnownSe = call.Arguments[0] },
                    "weights" => spec with { Weights = call.Arguments[0] },
                    _ => throw Error(call.Position, $"Unknown response addition '{call.Function}()'; use trials(n), se(s) or weights(w)."),
                };
            }
            while (TryAdvance("+"));
        }

        foreach (var part in new[] { spec.Outcome, spec.Trials, spec.Failures, spec.KnownSe, spec.Weights }.OfType<Expr>().Concat(spec.Counts ?? []))
        {
            RequireRowWise(part);
        }

        if (spec.Counts is not null && (spec.Trials is not null || spec.KnownSe is not null))
        {
            throw Error(start, "cbind(A, B, C, …) counts the categories itself: drop trials() and se() (the total is their sum).");
        }

        if (spec.KnownSe is not null && spec.IsBinomial)
        {
            throw Error(start, "se() applies to gaussian responses; it cannot be combined with trials.");
        }

        return spec;
    }

    private void RequireArguments(CallExpr call, int count, string usage)
    {
        if (call.Arguments.Count != count)
        {
            throw Error(call.Position, $"{call.Function}() takes {count} arguments: {usage}.");
        }
    }

    // ---- Right-hand side: formula algebra --------------------------------------------------------------

    private TermSet ParseSum()
    {
        TermSet result;
        if (Current.Is("-"))
        {
            Advance();
            result = TermSet.Remove(new TermSet(), ParseProduct());
        }
        else
        {
            result = ParseProduct();
        }

        while (Current.Is("+") || Current.Is("-"))
        {
            var minus = Current.Is("-");
            Advance();
            var next = ParseProduct();
            if (minus)
            {
                result = TermSet.Remove(result, next);
            }
            else
            {
                // In place: a sum of n terms is built in O(n), not O(n²) copies.
                result.AddAll(next);
                CheckTermCount(result.Terms.Count, Current.Position);
            }
        }

        return result;
    }

    private TermSet ParseProduct()
    {
        var result = ParseInteraction();
        while (Current.Is("*") || Current.Is("/"))
        {
            var nest = Current.Is("/");
            Advance();
            var next = ParseInteraction();
            CheckTermCount((result.Terms.Count + 1) * (next.Terms.Count + 1), Current.Position);
            result = nest
                ? TermSet.Union(result, TermSet.Interact(Collapse(result), next))
                : TermSet.Union(TermSet.Union(result, next), TermSet.Interact(result, next));
        }

        return result;
    }

    /// <summary>For <c>a/b</c>: all of a's predictors as one term (R: a + a:b, with a's terms combined).</summary>
    private static TermSet Collapse(TermSet set)
    {
        var all = new List<Predictor>();
        foreach (var p in set.Terms.SelectMany(t => t).Where(p => !all.Any(q => q.Label == p.Label)).ToList())
        {
            all.Add(p);
        }

        var result = new TermSet();
        result.Terms.Add(all);
        return result;
    }

    private TermSet ParseInteraction()
    {
        var result = ParsePower();
        while (Current.Is(":"))
        {
            Advance();
            var right = ParsePower();
            CheckTermCount(result.Terms.Count * right.Terms.Count, Current.Position);
            result = TermSet.Interact(result, right);
        }

        return result;
    }

    private TermSet ParsePower()
    {
        var result = ParseTermAtom();
        if (Current.Is("^") || Current.Is("**"))
        {
            Advance();
            if (Current.Kind != TokenKind.Number || !int.TryParse(Current.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw Error(Current.Position, "Expected a whole number after '^', as in (a + b)^2. For a power of a variable write I(x^2).");
            }

            var position = Current.Position;
            Advance();
            result = TermSet.Power(result, n, count => CheckTermCount(count, position));
        }

        return result;
    }

    private TermSet ParseTermAtom()
    {
        var token = Current;
        if (token.Is("("))
        {
            if (IsGroupTerm())
            {
                return ParseGroupTerm();
            }

            Advance();
            Enter(token.Position);
            var inner = ParseSum();
            Expect(")", $"Expected ')' to close the '(' at column {token.Position + 1}");
            _depth--;
            return inner;
        }

        if (token.Kind == TokenKind.Number)
        {
            Advance();
            return token.Text switch
            {
                "1" => new TermSet { Intercept = true },
                "0" => new TermSet { Intercept = false },
                _ => throw Error(token.Position, $"A number ({token.Text}) cannot be a term; use 1 (intercept), 0 (no intercept) or I({token.Text} * x)."),
            };
        }

        if (token.Kind == TokenKind.Name)
        {
            var expression = ParsePrimary();
            if (StructuredTermParser.IsStructured(expression))
            {
                var structured = new TermSet();
                structured.Groups.Add(StructuredTermParser.ToGroupTerm((CallExpr)expression, Error));
                return structured;
            }

            return TermSet.Single(ToPredictor(expression));
        }

        if (token.Kind == TokenKind.End)
        {
            throw Error(token.Position, "The formula ends early: a term is missing.");
        }

        throw Error(token.Position, $"Unexpected '{token.Text}': expected a variable, a function such as log(x), or a group term (1 | g).");
    }

    /// <summary>True when the parenthesis at the cursor holds a top-level '|' or '||' (a group term).</summary>
    private bool IsGroupTerm()
    {
        var depth = 0;
        for (var i = _index; i < _tokens.Count; i++)
        {
            var t = _tokens[i];
            if (t.Is("("))
            {
                depth++;
            }
            else if (t.Is(")"))
            {
                depth--;
                if (depth == 0)
                {
                    return false;
                }
            }
            else if (depth == 1 && (t.Is("|") || t.Is("||")))
            {
                return true;
            }
        }

        return false;
    }

    private TermSet ParseGroupTerm()
    {
        var open = Current;
        Advance();
        Enter(open.Position);
        var effects = ParseSum();
        _depth--;
        var correlated = Current.Is("|");
        Advance();
        var factorsStart = Current.Position;
        var groups = new List<List<string>>();
        groups.Add([ParseGroupName()]);
        while (Current.Is(":") || Current.Is("/"))
        {
            var nested = Current.Is("/");
            Advance();
            var name = ParseGroupName();
            if (nested)
            {
                groups.Add([.. groups[^1], name]);
            }
            else
            {
                groups[^1].Add(name);
            }
        }

        Expect(")", $"Expected ')' to close the group term opened at column {open.Position + 1}");
        if (effects.Groups.Count > 0)
        {
            throw Error(open.Position, "Group terms cannot be nested.");
        }

        var hasIntercept = effects.Intercept ?? true;
        var slopes = effects.Terms.Select(t => new Term(t)).ToList();
        if (!hasIntercept && slopes.Count == 0)
        {
            throw Error(factorsStart, "This group term has no varying coefficient: write (1 | g) or (0 + x | g).");
        }

        var result = new TermSet();
        var coefficientCount = (hasIntercept ? 1 : 0) + slopes.Count;
        foreach (var factors in groups)
        {
            result.Groups.Add(new GroupTerm(factors, hasIntercept, slopes, correlated && coefficientCount > 1));
        }

        return result;
    }

    private string ParseGroupName()
    {
        var token = Current;
        if (token.Kind != TokenKind.Name)
        {
            throw Error(token.Position, "Expected a grouping variable after '|', as in (1 | state).");
        }

        Advance();
        return token.Text;
    }

    private Predictor ToPredictor(Expr expression)
    {
        if (expression is VariableExpr v)
        {
            return new Predictor(v, v.Name);
        }

        if (expression is CallExpr { Function: "C" or "factor" or "as.factor" } call)
        {
            if (call.Arguments.Count is < 1 or > 2 || call.Arguments[0] is not VariableExpr variable)
            {
                throw Error(call.Position, $"{call.Function}() takes a column name, optionally with Treatment(reference=\"level\"): C(g, Treatment(\"B\")).");
            }

            string? reference = null;
            if (call.Arguments.Count == 2 || call.Named.Count > 0)
            {
                var contrast = call.Arguments.Count == 2 ? call.Arguments[1] : call.Named.Values.First();
                reference = contrast switch
                {
                    CallExpr { Function: "Treatment" or "contr.treatment" } t when t.Named.TryGetValue("reference", out var r) && r is StringExpr s => s.Value,
                    CallExpr { Function: "Treatment" or "contr.treatment" } t when t.Arguments is [StringExpr s] => s.Value,
                    CallExpr { Function: "Treatment" or "contr.treatment" } t when t.Named.TryGetValue("reference", out var r) && r is NumberExpr n => Data.LevelText.Format(n.Value),
                    CallExpr { Function: "Treatment" or "contr.treatment" } t when t.Arguments is [NumberExpr n] => Data.LevelText.Format(n.Value),
                    _ => throw Error(contrast.Position, "Only treatment coding is supported: C(g, Treatment(reference=\"B\"))."),
                };
            }

            return new Predictor(variable, variable.Name) { ForceCategorical = true, ReferenceLevel = reference };
        }

        if (expression is CallExpr other)
        {
            FunctionCatalog.Require(_text, other);
            foreach (var argument in other.Arguments)
            {
                RequireRowWise(argument);
            }

            return new Predictor(other, ExprText.Format(other));
        }

        throw Error(expression.Position, "Expected a variable or a function of variables here.");
    }

    // ---- Arithmetic expressions (inside calls, I(), and the response) ---------------------------------

    private Expr ParseExpression()
    {
        var left = ParseMultiplicative();
        while (Current.Is("+") || Current.Is("-"))
        {
            var op = Current.Text[0];
            Advance();
            left = new BinaryExpr(op, left, ParseMultiplicative()) { Position = left.Position };
        }

        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Is("*") || Current.Is("/"))
        {
            var op = Current.Text[0];
            Advance();
            left = new BinaryExpr(op, left, ParseUnary()) { Position = left.Position };
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (Current.Is("-"))
        {
            var position = Current.Position;
            Advance();
            Enter(position);
            var operand = ParseUnary();
            _depth--;
            return new NegateExpr(operand) { Position = position };
        }

        var baseExpr = ParsePrimary();
        if (Current.Is("^") || Current.Is("**"))
        {
            Advance();
            Enter(baseExpr.Position);
            var exponent = ParseUnary();
            _depth--;
            return new BinaryExpr('^', baseExpr, exponent) { Position = baseExpr.Position };
        }

        return baseExpr;
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberExpr(double.Parse(token.Text, CultureInfo.InvariantCulture)) { Position = token.Position };
            case TokenKind.String:
                Advance();
                return new StringExpr(token.Text) { Position = token.Position };
            case TokenKind.Name:
                Advance();
                return Current.Is("(") ? ParseCall(token) : new VariableExpr(token.Text) { Position = token.Position };
            default:
                if (token.Is("("))
                {
                    Advance();
                    Enter(token.Position);
                    var inner = ParseExpression();
                    Expect(")", $"Expected ')' to close the '(' at column {token.Position + 1}");
                    _depth--;
                    return inner;
                }

                throw Error(token.Position, token.Kind == TokenKind.End ? "The formula ends early: an expression is missing." : $"Unexpected '{token.Text}'.");
        }
    }

    private CallExpr ParseCall(Token name)
    {
        Advance();
        Enter(name.Position);
        var arguments = new List<Expr>();
        var named = new Dictionary<string, Expr>(StringComparer.Ordinal);
        if (!Current.Is(")"))
        {
            do
            {
                if (Current.Kind == TokenKind.Name && _tokens[_index + 1].Is("="))
                {
                    var key = Current.Text;
                    Advance();
                    Advance();
                    named[key] = ParseExpression();
                }
                else
                {
                    arguments.Add(ParseExpression());
                }
            }
            while (TryAdvance(","));
        }

        Expect(")", $"Expected ')' to close {name.Text}( at column {name.Position + 1}");
        _depth--;
        return new CallExpr(name.Text, arguments) { Named = named, Position = name.Position };
    }

    // ---- Helpers -----------------------------------------------------------------------------------------

    private void Advance() => _index = Math.Min(_index + 1, _tokens.Count - 1);

    private bool TryAdvance(string op)
    {
        if (!Current.Is(op))
        {
            return false;
        }

        Advance();
        return true;
    }

    private void Expect(string op, string message)
    {
        if (!Current.Is(op))
        {
            throw Error(Current.Position, Current.Kind == TokenKind.End ? message + "." : $"{message}, found '{Current.Text}'.");
        }

        Advance();
    }

    private FormulaSyntaxException Error(int position, string message) => new(_text, position, message);

    /// <summary>One level deeper into parentheses, a call or a unary operator; refuses past <see cref="MaxDepth"/>.</summary>
    private void Enter(int position)
    {
        if (++_depth > MaxDepth)
        {
            throw Error(position, $"The formula nests parentheses, calls or signs more than {MaxDepth} levels deep here; simplify it (compute the column beforehand).");
        }
    }

    private void CheckTermCount(long count, int position)
    {
        if (count > MaxTerms)
        {
            throw Error(position, $"The formula expands to more than {MaxTerms:N0} terms here (each '*' or '^' multiplies them); write the interactions you need explicitly.");
        }
    }

    private static List<string> CollectVariables(Formula formula)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name)
        {
            if (seen.Add(name))
            {
                names.Add(name);
            }
        }

        void Walk(Expr? e)
        {
            switch (e)
            {
                case VariableExpr v:
                    Add(v.Name);
                    break;
                case CallExpr c:
                    foreach (var a in c.Arguments)
                    {
                        Walk(a);
                    }

                    break;
                case BinaryExpr b:
                    Walk(b.Left);
                    Walk(b.Right);
                    break;
                case NegateExpr n:
                    Walk(n.Operand);
                    break;
            }
        }

        var r = formula.Response;
        Walk(r.Outcome);
        Walk(r.Trials);
        Walk(r.Failures);
        foreach (var count in r.Counts ?? [])
        {
            Walk(count);
        }

        Walk(r.KnownSe);
        Walk(r.Weights);
        foreach (var p in formula.FixedTerms.SelectMany(t => t.Factors))
        {
            Walk(p.Expression);
        }

        foreach (var g in formula.GroupTerms)
        {
            foreach (var p in g.Slopes.SelectMany(t => t.Factors))
            {
                Walk(p.Expression);
            }

            foreach (var f in g.GroupFactors)
            {
                Add(f);
            }

            if (g.Structure?.By is { } by)
            {
                Add(by);
            }
        }

        return names;
    }
}
