using FsCheck;
using FsCheck.Fluent;
using MisterP.Families;
using MisterP.Models;
using MisterP.Priors;
using Xunit;

namespace MisterP.Tests.Models;

/// <summary>The analytic gradient equals central finite differences over random designs and positions.</summary>
public class HierarchicalGlmGradientTests
{
    private static readonly (Family Family, Link Link)[] Families =
    [
        (Family.Binomial, Link.Logit), (Family.Binomial, Link.Probit), (Family.Binomial, Link.CLogLog),
        (Family.Gaussian, Link.Identity), (Family.Gaussian, Link.Log), (Family.Poisson, Link.Log), (Family.NegativeBinomial, Link.Log),
    ];

    private static readonly (int[] Coefficients, bool[] Correlated)[] Structures =
    [
        ([], []), ([1], [false]), ([1, 1], [false, false]), ([2], [true]), ([2], [false]), ([3, 1], [true, false]),
    ];

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, 100000)), seed =>
        {
            var random = new Random(seed);
            var (family, link) = Families[seed % Families.Length];
            var (coefficients, correlated) = Structures[seed / Families.Length % Structures.Length];
            var design = RandomDesigns.Create(seed, family, link, coefficients, correlated, weights: random.Next(2) == 0,
                aggregatedGaussian: family == Family.Gaussian && random.Next(2) == 0);
            var model = new HierarchicalGlm(design, DefaultPriors.Build(design, []));
            var x = Enumerable.Range(0, model.Dimension).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            CheckGradient(model, x, $"seed {seed} {family}/{link} groups [{string.Join(",", coefficients)}]");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesOnMrpLikeCells()
    {
        // Categorical cells, where the linear predictor runs as keyed blocks (with dense and per-cell parts when a
        // continuous column, a varying slope or an offset is present).
        for (var seed = 0; seed < Families.Length * 2; seed++)
        {
            var (family, link) = Families[seed % Families.Length];
            var design = RandomDesigns.Categorical(seed, family, link, continuous: seed % 3 == 1, slope: seed % 4 == 2, offset: seed % 2 == 1);
            var model = new HierarchicalGlm(design, DefaultPriors.Build(design, []));
            var random = new Random(seed);
            var x = Enumerable.Range(0, model.Dimension).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            CheckGradient(model, x, $"categorical seed {seed} {family}/{link} [{model.PlanDescription}]");
        }
    }

    [Fact]
    public void InformationScaledGradientMatchesFiniteDifferences()
    {
        for (var seed = 0; seed < Families.Length; seed++)
        {
            var (family, link) = Families[seed];
            var design = RandomDesigns.Categorical(seed, family, link, slope: seed % 2 == 1);
            var model = new HierarchicalGlm(design, DefaultPriors.Build(design, [])).WithEffectScaling(EffectScaling.FromData(design, share: 1));
            var random = new Random(seed);
            var x = Enumerable.Range(0, model.Dimension).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            CheckGradient(model, x, $"scaled seed {seed} {family}/{link}");
        }
    }

    internal static void CheckGradient(HierarchicalGlm model, double[] x, string label)
    {
        var g = new double[model.Dimension];
        model.LogDensityGradient(x, g);
        var scratch = new double[model.Dimension];
        for (var k = 0; k < model.Dimension; k++)
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(x[k]));
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[k] += h;
            minus[k] -= h;
            var numeric = (model.LogDensityGradient(plus, scratch) - model.LogDensityGradient(minus, scratch)) / (2 * h);
            var tolerance = 1e-5 * Math.Max(1, Math.Abs(numeric));
            if (Math.Abs(numeric - g[k]) > tolerance)
            {
                throw new InvalidOperationException($"{label}: d/d{model.ParameterNames[k]} analytic {g[k]} vs numeric {numeric}");
            }
        }
    }

    [Fact]
    public void GradientIsAllocationFree()
    {
        var design = RandomDesigns.Create(1, Family.Binomial, Link.Logit, [2, 1], [true, false]);
        var model = new HierarchicalGlm(design, DefaultPriors.Build(design, []));
        var x = new double[model.Dimension];
        var g = new double[model.Dimension];
        model.LogDensityGradient(x, g);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            model.LogDensityGradient(x, g);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ForksComputeTheSameDensityIndependently()
    {
        var design = RandomDesigns.Create(2, Family.Poisson, Link.Log, [1], [false]);
        var model = new HierarchicalGlm(design, DefaultPriors.Build(design, []));
        var fork = model.Fork();
        var x = Enumerable.Range(0, model.Dimension).Select(i => 0.01 * i).ToArray();
        var g1 = new double[model.Dimension];
        var g2 = new double[model.Dimension];
        Assert.Equal(model.LogDensityGradient(x, g1), fork.LogDensityGradient(x, g2));
        Assert.Equal(g1, g2);
    }
}
