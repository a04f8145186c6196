using MisterP.Formulas;
using Xunit;

namespace MisterP.Tests.Formulas;

public class FormulaParserTests
{
    private static string[] Labels(Formula f) => f.FixedTerms.Select(t => t.Label).ToArray();

    [Fact]
    public void SeedTalkModel()
    {
        var f = FormulaParser.Parse("p(abortion, n) ~ (1|state) + (1|eth) + (1|educ) + male + repvote + (1|male:eth) + (1|educ:age) + (1|educ:eth)");
        Assert.True(f.Response.IsBinomial);
        Assert.Equal("abortion", ((VariableExpr)f.Response.Outcome).Name);
        Assert.Equal("n", ((VariableExpr)f.Response.Trials!).Name);
        Assert.True(f.HasIntercept);
        Assert.Equal(["male", "repvote"], Labels(f));
        Assert.Equal(["state", "eth", "educ", "male:eth", "educ:age", "educ:eth"], f.GroupTerms.Select(g => g.GroupName));
        Assert.All(f.GroupTerms, g => Assert.True(g.HasIntercept && g.Slopes.Count == 0 && !g.Correlated));
        Assert.Equal(["abortion", "n", "male", "repvote", "state", "eth", "educ", "age"], f.Variables);
    }

    [Theory]
    [InlineData("y | trials(n) ~ x")]
    [InlineData("p(y, n) ~ x")]
    public void BinomialResponses(string text)
    {
        var f = FormulaParser.Parse(text);
        Assert.Equal("n", ((VariableExpr)f.Response.Trials!).Name);
    }

    [Fact]
    public void CbindGivesFailures()
    {
        var f = FormulaParser.Parse("cbind(y, n - y) ~ x");
        Assert.Equal("n - y", ExprText.Format(f.Response.Failures!));
        Assert.Null(f.Response.Trials);
    }

    [Fact]
    public void BrmsAdditions()
    {
        var se = FormulaParser.Parse("y | se(sigma) ~ 1 + (1|school)");
        Assert.Equal("sigma", ((VariableExpr)se.Response.KnownSe!).Name);
        Assert.Empty(se.FixedTerms);
        var both = FormulaParser.Parse("y | trials(n) + weights(w) ~ x");
        Assert.NotNull(both.Response.Trials);
        Assert.Equal("w", ((VariableExpr)both.Response.Weights!).Name);
    }

    [Fact]
    public void ExpansionsFollowROrdering()
    {
        Assert.Equal(["a", "b", "a:b"], Labels(FormulaParser.Parse("y ~ a*b")));
        Assert.Equal(["a", "b", "c", "a:b", "a:c", "b:c"], Labels(FormulaParser.Parse("y ~ (a + b + c)^2")));
        Assert.Equal(["a", "b", "a:b"], Labels(FormulaParser.Parse("y ~ a:b + a + b + a")));
        Assert.Equal(["a", "a:b"], Labels(FormulaParser.Parse("y ~ a/b")));
        Assert.Equal(["b"], Labels(FormulaParser.Parse("y ~ a + b - a")));
    }

    [Theory]
    [InlineData("y ~ 0 + x", false)]
    [InlineData("y ~ x - 1", false)]
    [InlineData("y ~ -1 + x", false)]
    [InlineData("y ~ x", true)]
    [InlineData("y ~ 1 + x", true)]
    public void Intercept(string text, bool expected) => Assert.Equal(expected, FormulaParser.Parse(text).HasIntercept);

    [Fact]
    public void TransformsAndCategoricals()
    {
        var f = FormulaParser.Parse("np.log(hwage) ~ C(job, Treatment(reference=\"B\")) + factor(male) + log(x) + I(x^2) + scale(z)");
        Assert.Equal("np.log(hwage)", ExprText.Format(f.Response.Outcome));
        Assert.Equal(["job", "male", "log(x)", "I(x^2)", "scale(z)"], Labels(f));
        var job = f.FixedTerms[0].Factors[0];
        Assert.True(job.ForceCategorical);
        Assert.Equal("B", job.ReferenceLevel);
        Assert.Equal("B", FormulaParser.Parse("y ~ C(g, Treatment('B'))").FixedTerms[0].Factors[0].ReferenceLevel);
        Assert.Equal(["hwage", "job", "male", "x", "z"], f.Variables);
    }

    [Fact]
    public void GroupTermForms()
    {
        var f = FormulaParser.Parse("y ~ (1 + x | g) + (1 + x || h) + (0 + x | k) + (x | m) + (1 | a/b)");
        Assert.Equal(["g", "h", "k", "m", "a", "a:b"], f.GroupTerms.Select(g => g.GroupName));
        Assert.True(f.GroupTerms[0].Correlated);
        Assert.False(f.GroupTerms[1].Correlated);
        Assert.False(f.GroupTerms[2].HasIntercept);
        Assert.False(f.GroupTerms[2].Correlated);
        Assert.True(f.GroupTerms[3].HasIntercept);
        Assert.Equal("x", f.GroupTerms[3].Slopes.Single().Label);
    }

    [Fact]
    public void BackquotedNames()
    {
        var f = FormulaParser.Parse("y ~ `my col` + (1 | `the group`)");
        Assert.Equal(["y", "my col", "the group"], f.Variables);
    }

    [Fact]
    public void CaretUnderTheProblem()
    {
        var e = Assert.Throws<FormulaSyntaxException>(() => FormulaParser.Parse("y ~ x + (1 | g"));
        Assert.Equal("Expected ')' to close the group term opened at column 9.\n  y ~ x + (1 | g\n                ^", e.Message);
        Assert.Equal(14, e.Position);
    }

    [Fact]
    public void UnknownFunctionSuggestsOne()
    {
        var e = Assert.Throws<FormulaSyntaxException>(() => FormulaParser.Parse("y ~ lgo(x)"));
        Assert.StartsWith("Unknown function 'lgo'. Did you mean 'log'?", e.Message);
        Assert.Equal(4, e.Position);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("y x", "no '~'")]
    [InlineData("~ x", "no response")]
    [InlineData("y ~", "Nothing after '~'")]
    [InlineData("y ~ x +", "ends early")]
    [InlineData("y ~ x $ z", "Unexpected character")]
    [InlineData("y ~ x)", "Unmatched ')'")]
    [InlineData("y ~ (0 | g)", "no varying coefficient")]
    [InlineData("y ~ 2", "cannot be a term")]
    public void SyntaxErrors(string text, string expected)
    {
        var e = Assert.Throws<FormulaSyntaxException>(() => FormulaParser.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void UnknownColumnPointsAtItAndSuggests()
    {
        var f = FormulaParser.Parse("y ~ male + (1 | stat)");
        var e = Assert.Throws<FormulaSyntaxException>(() => FormulaColumns.Check(f, ["y", "male", "state"], "survey.csv"));
        Assert.Contains("Unknown column 'stat'", e.Message);
        Assert.Contains("Did you mean 'state'?", e.Message);
        Assert.Equal(16, e.Position);
    }

    [Fact]
    public void ExpressionsTranslateToSql()
    {
        var f = FormulaParser.Parse("cbind(y, n - y) ~ I(x^2) + log(z)");
        Assert.Equal("(CAST(\"n\" AS DOUBLE) - CAST(\"y\" AS DOUBLE))", ExprSql.ToSql(f.Response.Failures!));
        Assert.Equal("power(CAST(\"x\" AS DOUBLE), 2)", ExprSql.ToSql(f.FixedTerms[0].Factors[0].Expression));
        Assert.Equal("ln(CAST(\"z\" AS DOUBLE))", ExprSql.ToSql(f.FixedTerms[1].Factors[0].Expression));
    }
}
