using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;
using Xunit;

namespace MisterP.Tests.Design;

public class AggregationTests
{
    private static DesignResult Build(string file, string formula, bool aggregate, Family? family = null)
    {
        using var source = TableSources.Open(file);
        return DesignBuilder.Build(FormulaParser.Parse(formula), source, new DesignOptions { Aggregate = aggregate, Family = family });
    }

    [Fact]
    public void BernoulliRowsBecomeBinomialCellsWithTheSameRowStatistics()
    {
        var data = SharedData.RequireFile("data/cces2018/sample_biased5000_seed1010.csv");
        const string formula = "abortion ~ male + repvote + (1|state) + (1|eth) + (1|educ:age)";
        var rows = Build(data, formula, false);
        var cells = Build(data, formula, true);
        Assert.Equal(Family.Bernoulli, rows.Design.Family);
        Assert.Equal(Family.Binomial, cells.Design.Family);
        Assert.Equal(Family.Bernoulli, cells.RequestedFamily);
        Assert.True(cells.Cells < rows.Cells);
        Assert.Equal(rows.RowsUsed, cells.RowsUsed);
        Assert.Equal(rows.Design.Response.Y.Sum(), cells.Design.Response.Y.Sum());
        Assert.Equal(rows.RowsUsed, cells.Design.Response.Trials.Sum());
        var a = rows.Design.RowStatistics;
        var b = cells.Design.RowStatistics;
        for (var j = 0; j < a.ColumnMeans.Length; j++)
        {
            Assert.Equal(a.ColumnMeans[j], b.ColumnMeans[j], 12);
            Assert.Equal(a.ColumnSds[j], b.ColumnSds[j], 12);
        }

        Assert.Equal(a.ResponseMean, b.ResponseMean, 12);
        Assert.Equal(a.ResponseSd, b.ResponseSd, 12);
        Assert.Equal(rows.Design.GroupTerms[2].Levels, cells.Design.GroupTerms[2].Levels);
        Assert.Contains("4-Year College_18-29", cells.Design.GroupTerms[2].Levels);
    }

    [Fact]
    public void BinomialAndPoissonConstantsMatchR()
    {
        using var temp = new TempFolder();
        var file = temp.File("d.csv", "k,n,g\n1,3,a\n2,3,a\n0,4,b\n4,4,b\n5,9,b\n");
        // R: sum(lchoose(c(3,3,4,4,9), c(1,2,0,4,5))) = 7.033506484288, and -sum(lgamma(c(1,2,0,4,5) + 1)) = -8.65869275369
        var binomial = Build(file, "p(k, n) ~ g", true);
        Assert.Equal(7.033506484288, binomial.Design.Response.LogLikelihoodConstant, 9);
        Assert.Equal([3.0, 9], binomial.Design.Response.Y);
        Assert.Equal([6.0, 17], binomial.Design.Response.Trials);
        var poisson = Build(file, "k ~ g", true, Family.Poisson);
        Assert.Equal(-8.65869275369, poisson.Design.Response.LogLikelihoodConstant, 8);
        Assert.Equal([2.0, 3], poisson.Design.Response.Trials);
    }

    [Fact]
    public void GaussianCellsCarrySumsOfSquares()
    {
        using var temp = new TempFolder();
        var file = temp.File("d.csv", "y,g\n1.5,a\n2.5,a\n-1,b\n");
        var d = Build(file, "y ~ g", true).Design;
        Assert.Equal(Family.Gaussian, d.Family);
        Assert.Equal([4.0, -1], d.Response.Y);
        Assert.Equal([8.5, 1], d.Response.SumOfSquares!);
        Assert.Equal(Math.Sqrt(((1.5 - 1) * (1.5 - 1) + (2.5 - 1) * (2.5 - 1) + 4) / 2), d.RowStatistics.ResponseSd, 12);
    }

    [Fact]
    public void ValidationNamesTheRow()
    {
        using var temp = new TempFolder();
        var file = temp.File("d.csv", "k,n,g\n1,3,a\n5,3,a\n");
        var e = Assert.Throws<UserInputException>(() => Build(file, "p(k, n) ~ g", true));
        Assert.Contains("row 2", e.Message);
        Assert.Contains("exceed", e.Message);
    }

    [Fact]
    public void RecipeEncodesFramesAndFlagsNewLevels()
    {
        using var temp = new TempFolder();
        var file = temp.File("d.csv", "y,x,g,h\n1,1,a,u\n0,2,b,v\n1,3,a,v\n0,4,b,u\n");
        var result = Build(file, "y ~ C(h) + scale(x) + (1 + x | g)", false);
        using var frameSource = TableSources.Open(temp.File("f.csv", "x,g,h,n\n2.5,c,v,10\n1,a,u,5\n"));
        var frame = result.Recipe.Encode(frameSource.Load(["x", "g", "h"], ["x", "g", "h"]).Table);
        Assert.Equal(["Intercept", "hv", "scale(x)"], result.Design.FixedEffects.Names);
        Assert.Equal([1.0, 1, 0], frame.X[..3]);
        Assert.Equal(-1, frame.Groups[0].LevelIndex[0]);
        Assert.Equal(["c"], frame.Groups[0].NewLevels);
        Assert.Equal(0, frame.Groups[0].LevelIndex[1]);
        Assert.Equal([1.0, 2.5, 1, 1], frame.Groups[0].Z);

        using var bad = TableSources.Open(temp.File("b.csv", "x,g,h\n1,a,w\n"));
        var e = Assert.Throws<UserInputException>(() => result.Recipe.Encode(bad.Load(["x", "g", "h"], ["x", "g", "h"]).Table));
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void RecipeEncodesInteractionLevelsOncePerCombination()
    {
        using var temp = new TempFolder();
        var file = temp.File("d.csv", "y,g,m\n1,a,-0.5\n0,b,0.5\n1,a,0.5\n0,b,-0.5\n");
        var result = Build(file, "y ~ (1 | g:m)", false);
        using var frameSource = TableSources.Open(temp.File("f.csv", "g,m,n\nc,0.5,1\na,-0.5,2\nc,0.5,3\nd,-0.5,4\na,-0.5,5\nc,-0.5,6\n"));
        var frame = result.Recipe.Encode(frameSource.Load(["g", "m"], ["g", "m"]).Table);
        var fitted = result.Recipe.Groups[0].Levels.ToList();
        Assert.Equal([-1, fitted.IndexOf("a_-0.5"), -1, -2, fitted.IndexOf("a_-0.5"), -3], frame.Groups[0].LevelIndex);
        Assert.Equal(["c_0.5", "d_-0.5", "c_-0.5"], frame.Groups[0].NewLevels);
    }
}
