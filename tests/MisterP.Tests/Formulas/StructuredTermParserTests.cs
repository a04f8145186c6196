using MisterP.Formulas;
using Xunit;

namespace MisterP.Tests.Formulas;

public class StructuredTermParserTests
{
    [Theory]
    [InlineData("y ~ x + rw1(month)", StructureKind.Rw1)]
    [InlineData("y ~ x + rw2(month)", StructureKind.Rw2)]
    [InlineData("y ~ x + ar1(month)", StructureKind.Ar1)]
    public void OrderedTermsBecomeStructuredInterceptTerms(string text, StructureKind kind)
    {
        var f = FormulaParser.Parse(text);
        var g = Assert.Single(f.GroupTerms);
        Assert.Equal("month", g.GroupName);
        Assert.True(g.HasIntercept);
        Assert.Empty(g.Slopes);
        Assert.Equal(kind, g.Structure!.Kind);
        Assert.Null(g.Structure.Adjacency);
        Assert.Equal(["x"], f.FixedTerms.Select(t => t.Label));
        Assert.Contains("month", f.Variables);
    }

    [Fact]
    public void GraphTermsCarryTheirAdjacencyFile()
    {
        var f = FormulaParser.Parse("y ~ male + bym2(state, adjacency = \"geo/adj.csv\") + (1|eth)");
        var g = f.GroupTerms[0];
        Assert.Equal(StructureKind.Bym2, g.Structure!.Kind);
        Assert.Equal("geo/adj.csv", g.Structure.Adjacency);
        Assert.False(g.Structure.AdjacencyIsName);
        Assert.Null(f.GroupTerms[1].Structure);
        Assert.Equal(StructureKind.Icar, FormulaParser.Parse("y ~ icar(state, adjacency = 'a.csv')").GroupTerms[0].Structure!.Kind);
    }

    [Theory]
    [InlineData("y | trials(n) ~ male + car(W, gr = state, type = \"bym2\")", StructureKind.Bym2)]
    [InlineData("y ~ car(W, gr = state, type = \"icar\")", StructureKind.Icar)]
    public void BrmsCarSpellingNamesTheAdjacency(string text, StructureKind kind)
    {
        var g = FormulaParser.Parse(text).GroupTerms.Single();
        Assert.Equal("state", g.GroupName);
        Assert.Equal(kind, g.Structure!.Kind);
        Assert.Equal("W", g.Structure.Adjacency);
        Assert.True(g.Structure.AdjacencyIsName);
    }

    /// <summary>
    /// A by-walk is a term over plan × month with a name of its own (rw1_plan:month), so it may sit beside the overall
    /// walk and beside the iid interaction (1 | plan:month), as the tracker model has both.
    /// </summary>
    [Fact]
    public void ByWalkIsATermOverTheInteractionBesideTheOverallWalkAndTheIidInteraction()
    {
        var f = FormulaParser.Parse("y ~ rw1(month) + rw1(month, by = plan) + (1|plan:month)");
        Assert.Equal("plan", f.GroupTerms[1].Structure!.By);
        Assert.Equal("rw1_plan:month", f.GroupTerms[1].GroupName);
        Assert.Equal(["plan", "month"], f.GroupTerms[1].GroupFactors);
        Assert.Equal("rw1(month, by = plan)", f.GroupTerms[1].Structure!.Describe(f.GroupTerms[1].GroupName));
        Assert.Equal("plan:month", f.GroupTerms[2].GroupName);
        Assert.Contains("plan", f.Variables);
        Assert.Equal(3, f.GroupTerms.Count);
    }

    [Theory]
    [InlineData("y ~ rw1(month, trend)", "takes one grouping column")]
    [InlineData("y ~ rw1(log(month))", "takes one grouping column")]
    [InlineData("y ~ ar1(month, by = plan)", "no argument 'by'")]
    [InlineData("y ~ bym2(state)", "needs the neighbour graph")]
    [InlineData("y ~ icar(state, adjacency = W)", "needs the neighbour graph")]
    [InlineData("y ~ car(W, gr = state)", "type = \"bym2\"")]
    [InlineData("y ~ car(W, gr = state, type = \"escar\")", "escar")]
    [InlineData("y ~ car(W, type = \"bym2\")", "gr =")]
    [InlineData("y ~ rw1(month, by = month)", "within each level of itself")]
    [InlineData("y ~ rw1(month) + (1|month)", "appears in two group terms")]
    [InlineData("y ~ rw1(month, by = plan) + rw1(month, by = plan)", "appears in two group terms")]
    public void BadStructuredTermsAreSyntaxErrors(string text, string message)
    {
        var e = Assert.Throws<FormulaSyntaxException>(() => FormulaParser.Parse(text));
        Assert.Contains(message, e.Message);
    }
}
