using MisterP.Design;
using MisterP.Families;
using MisterP.Models;
using MisterP.Priors;
using Xunit;

namespace MisterP.Tests.Models;

/// <summary>The categorical model: analytic gradient against finite differences, its likelihood against a direct softmax sum, no allocation.</summary>
public class CategoricalModelTests
{
    /// <summary>A random MRP-like design turned categorical: K categories counted per cell (labels may contain '_').</summary>
    internal static ModelDesign Unordered(int seed, int categories, bool continuous = false, bool slope = false, bool underscore = false)
    {
        var glm = RandomDesigns.Categorical(seed, Family.Binomial, Link.Logit, continuous, slope);
        var random = new Random(seed + 29);
        var n = glm.CellCount;
        var counts = new double[n * categories];
        var rows = new double[n];
        for (var i = 0; i < n; i++)
        {
            var size = 1 + random.Next(4);
            for (var r = 0; r < size; r++)
            {
                counts[i * categories + random.Next(categories)]++;
            }

            // The reference occurs somewhere.
            counts[i * categories] += i == 0 ? 1 : 0;
            rows[i] = size + (i == 0 ? 1 : 0);
        }

        var labels = Enumerable.Range(0, categories).Select(k => underscore && k == 2 ? "B_x" : ((char)('A' + k)).ToString()).ToList();
        return new ModelDesign
        {
            Family = Family.Categorical,
            Link = Link.Logit,
            CellCount = n,
            Aggregated = true,
            Response = new ResponseData { Y = rows, Trials = rows, RowsPerCell = rows, Categories = labels, CategoryCounts = counts },
            FixedEffects = glm.FixedEffects,
            GroupTerms = glm.GroupTerms,
            RowStatistics = glm.RowStatistics,
        };
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientMatchesFiniteDifferences(bool scaled)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var design = Unordered(seed, categories: 3 + seed % 3, continuous: seed % 2 == 1, slope: seed % 3 == 2);
            var model = new CategoricalModel(design, CategoryPriors.Build(design, []));
            if (scaled)
            {
                model = model.WithInformationScaling();
            }

            var random = new Random(seed);
            var x = Enumerable.Range(0, model.Dimension).Select(_ => random.NextDouble() * 2 - 1).ToArray();
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
                Assert.True(Math.Abs(numeric - g[k]) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                    $"seed {seed} scaled={scaled}: d/d{model.ParameterNames[k]} analytic {g[k]} vs numeric {numeric}");
            }
        }
    }

    [Fact]
    public void LikelihoodIsTheSumOfSoftmaxLogProbabilities()
    {
        var design = Unordered(3, categories: 4, continuous: true, slope: true, underscore: true);
        var model = new CategoricalModel(design, CategoryPriors.Build(design, [])).WithInformationScaling();
        var random = new Random(5);
        var x = Enumerable.Range(0, model.Dimension).Select(_ => random.NextDouble() - 0.5).ToArray();
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(x, outputs);

        // Direct: each category's η from its reported b_ and r_ (brms names) on the original columns, then softmax.
        var names = model.OutputNames.ToList();
        Assert.Contains("b_muB_x_Intercept", names);
        Assert.Contains($"r_{design.GroupTerms[0].Name}__muB_x[{design.GroupTerms[0].Levels[0]},Intercept]", names);
        var p = design.FixedEffects.ColumnCount;
        var labels = design.Response.Categories!;
        var expected = 0.0;
        var eta = new double[3];
        var probabilities = new double[4];
        for (var i = 0; i < design.CellCount; i++)
        {
            for (var c = 1; c < 4; c++)
            {
                var mu = "mu" + labels[c];
                var value = 0.0;
                for (var j = 0; j < p; j++)
                {
                    value += design.FixedEffects.X[i * p + j] * outputs[names.IndexOf($"b_{mu}_{design.FixedEffects.Names[j]}")];
                }

                foreach (var term in design.GroupTerms)
                {
                    var level = term.Levels[term.LevelIndex[i]];
                    for (var a = 0; a < term.CoefficientCount; a++)
                    {
                        value += term.Z[i * term.CoefficientCount + a] * outputs[names.IndexOf($"r_{term.Name}__{mu}[{level},{term.CoefficientNames[a]}]")];
                    }
                }

                eta[c - 1] = value;
            }

            SoftmaxCells.Probabilities(eta, probabilities);
            for (var k = 0; k < 4; k++)
            {
                expected += design.Response.CategoryCounts![i * 4 + k] * Math.Log(probabilities[k]);
            }
        }

        Assert.Equal(expected, model.LogLikelihood(x), 8);
    }

    [Fact]
    public void GradientIsAllocationFree()
    {
        var design = Unordered(1, 4, slope: true);
        var model = new CategoricalModel(design, CategoryPriors.Build(design, [])).WithInformationScaling();
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
    public void SoftmaxKernelIsStableForLargePredictors()
    {
        // 11 cells: whole vectors and a scalar remainder; η up to ±800 would overflow a naive exp.
        var length = 11;
        var eta = new[] { new double[length], new double[length] };
        var counts = new[] { new double[length], new double[length] };
        var totals = new double[length];
        var random = new Random(2);
        for (var i = 0; i < length; i++)
        {
            eta[0][i] = (random.NextDouble() - 0.5) * 1600;
            eta[1][i] = (random.NextDouble() - 0.5) * 4;
            counts[0][i] = random.Next(3);
            counts[1][i] = random.Next(3);
            totals[i] = counts[0][i] + counts[1][i] + random.Next(3);
        }

        var dEta = new[] { new double[length], new double[length] };
        var lp = SoftmaxCells.LogLikelihood(eta, counts, totals, dEta);
        var expected = 0.0;
        for (var i = 0; i < length; i++)
        {
            var m = Math.Max(0, Math.Max(eta[0][i], eta[1][i]));
            var lse = m + Math.Log(Math.Exp(-m) + Math.Exp(eta[0][i] - m) + Math.Exp(eta[1][i] - m));
            expected += counts[0][i] * eta[0][i] + counts[1][i] * eta[1][i] - totals[i] * lse;
            for (var c = 0; c < 2; c++)
            {
                Assert.Equal(counts[c][i] - totals[i] * Math.Exp(eta[c][i] - lse), dEta[c][i], 9);
            }
        }

        Assert.True(double.IsFinite(lp));
        Assert.Equal(expected, lp, 6);
    }
}
