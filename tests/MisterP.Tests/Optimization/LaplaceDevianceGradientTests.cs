using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;
using MisterP.Inference.Optimization;
using MisterP.Tests.Models;
using Xunit;

namespace MisterP.Tests.Optimization;

/// <summary>The profiled Laplace deviance's analytic gradient equals central differences of the deviance itself.</summary>
public class LaplaceDevianceGradientTests
{
    [Theory]
    [InlineData(1, Family.Binomial, Link.Logit, false)]
    [InlineData(2, Family.Binomial, Link.Logit, true)]
    [InlineData(3, Family.Poisson, Link.Log, false)]
    [InlineData(4, Family.Poisson, Link.Log, true)]
    public void MatchesFiniteDifferencesOnRandomDesigns(int seed, Family family, Link link, bool weights)
    {
        // Two intercept terms and an uncorrelated intercept + slope term: every θ slot kind.
        var design = RandomDesigns.Create(seed, family, link, [1, 1, 2], [false, false, false], weights);
        var random = new Random(seed);
        var problem = new LaplaceDeviance(design);
        Assert.True(problem.HasAnalyticGradient);
        for (var trial = 0; trial < 3; trial++)
        {
            var psi = Enumerable.Range(0, problem.ParameterCount).Select(_ => random.NextDouble() - 0.3).ToArray();
            AssertGradient(problem, psi, 1e-6);
        }
    }

    [Fact]
    public void MatchesFiniteDifferencesOnTheSeedModel()
    {
        using var source = TableSources.Open(SharedData.RequireFile("data/cces2018/sample_biased5000_seed1010.csv"));
        var design = DesignBuilder.Build(FormulaParser.Parse(
            "abortion ~ (1|state) + (1|eth) + (1|educ) + male + repvote + (1|male:eth) + (1|educ:age) + (1|educ:eth)"), source, new DesignOptions()).Design;
        var problem = new LaplaceDeviance(design);
        var psi = problem.Start(new double[design.FixedEffects.ColumnCount]);
        psi[0] = -0.3;
        psi[1] = 0.2;
        psi[^1] = 0.05; // a term near the boundary, where the curvature in θ is largest
        AssertGradient(problem, psi, 1e-5);
    }

    [Fact]
    public void CorrelatedTermsAndLikelihoodsFromOutsideUseDifferences()
    {
        var design = RandomDesigns.Create(5, Family.Binomial, Link.Logit, [2], [true]);
        Assert.False(new LaplaceDeviance(design).HasAnalyticGradient);
        var probit = RandomDesigns.Create(6, Family.Binomial, Link.Probit, [1], [false]);
        Assert.False(new LaplaceDeviance(probit).HasAnalyticGradient);
    }

    private static void AssertGradient(LaplaceDeviance problem, double[] psi, double relativeTolerance)
    {
        var analytic = new double[psi.Length];
        var value = problem.Deviance(psi, analytic);
        Assert.Equal(problem.Deviance(psi), value, 1e-9);
        var numeric = new double[psi.Length];
        MixedModelFit.NumericalGradient(problem.Deviance, psi, value, numeric);
        var scale = Math.Max(1, numeric.Max(Math.Abs));
        for (var j = 0; j < psi.Length; j++)
        {
            Assert.True(Math.Abs(analytic[j] - numeric[j]) <= relativeTolerance * scale,
                $"∂D/∂ψ[{j}]: analytic {analytic[j]:R}, central differences {numeric[j]:R} (ψ = [{string.Join(", ", psi)}])");
        }
    }
}
