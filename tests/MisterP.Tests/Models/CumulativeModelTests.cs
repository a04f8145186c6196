using MisterP.Design;
using MisterP.Families;
using MisterP.Models;
using MisterP.Priors;
using Xunit;

namespace MisterP.Tests.Models;

/// <summary>The cumulative model: analytic gradient against finite differences, and its likelihood against a direct sum.</summary>
public class CumulativeModelTests
{
    /// <summary>A random MRP-like design turned ordinal: no intercept column, K categories counted per cell.</summary>
    internal static ModelDesign Ordinal(int seed, Link link, int categories, bool continuous = false, bool slope = false)
    {
        var glm = RandomDesigns.Categorical(seed, Family.Binomial, Link.Logit, continuous, slope);
        var random = new Random(seed + 17);
        var p = glm.FixedEffects.ColumnCount;
        var keep = Enumerable.Range(1, p - 1).ToArray();
        var n = glm.CellCount;
        var x = new double[n * keep.Length];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < keep.Length; j++)
            {
                x[i * keep.Length + j] = glm.FixedEffects.X[i * p + keep[j]];
            }
        }

        var counts = new double[n * categories];
        var rows = new double[n];
        for (var i = 0; i < n; i++)
        {
            var size = 1 + random.Next(4);
            for (var r = 0; r < size; r++)
            {
                counts[i * categories + random.Next(categories)]++;
            }

            rows[i] = size;
        }

        return new ModelDesign
        {
            Family = Family.Cumulative,
            Link = link,
            CellCount = n,
            Aggregated = true,
            Response = new ResponseData
            {
                Y = rows,
                Trials = rows,
                RowsPerCell = rows,
                Categories = Enumerable.Range(1, categories).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                CategoryCounts = counts,
            },
            FixedEffects = new FixedEffectsDesign { Names = keep.Select(j => glm.FixedEffects.Names[j]).ToList(), X = x, InterceptIndex = -1 },
            GroupTerms = glm.GroupTerms,
            RowStatistics = new RowStatistics
            {
                RowCount = rows.Sum(),
                ColumnMeans = keep.Select(j => glm.RowStatistics.ColumnMeans[j]).ToArray(),
                ColumnSds = keep.Select(j => glm.RowStatistics.ColumnSds[j]).ToArray(),
                ResponseMean = 2,
                ResponseSd = 1,
            },
        };
    }

    [Theory]
    [InlineData(Link.Logit, false)]
    [InlineData(Link.Logit, true)]
    [InlineData(Link.Probit, false)]
    [InlineData(Link.Probit, true)]
    public void GradientMatchesFiniteDifferences(Link link, bool scaled)
    {
        for (var seed = 0; seed < 6; seed++)
        {
            var design = Ordinal(seed, link, categories: 3 + seed % 4, continuous: seed % 2 == 1, slope: seed % 3 == 2);
            var model = new CumulativeModel(design, DefaultPriors.Build(design, []));
            if (scaled)
            {
                model = model.WithEffectScaling(EffectScaling.FromData(design, share: 1));
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
                    $"seed {seed} {link} scaled={scaled}: d/d{model.ParameterNames[k]} analytic {g[k]} vs numeric {numeric}");
            }
        }
    }

    [Theory]
    [InlineData(Link.Logit)]
    [InlineData(Link.Probit)]
    public void LikelihoodIsTheSumOfCategoryLogProbabilities(Link link)
    {
        var design = Ordinal(3, link, categories: 5, continuous: true);
        var model = new CumulativeModel(design, DefaultPriors.Build(design, []));
        var random = new Random(5);
        var x = Enumerable.Range(0, model.Dimension).Select(_ => random.NextDouble() - 0.5).ToArray();
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(x, outputs);

        // Direct: η from the reported b_ and r_ on the original (uncentred) columns, thresholds b_Intercept[k].
        var names = model.OutputNames.ToList();
        var thresholds = Enumerable.Range(1, 4).Select(k => outputs[names.IndexOf($"b_Intercept[{k}]")]).ToArray();
        Assert.True(thresholds.Zip(thresholds.Skip(1)).All(t => t.First < t.Second));
        var p = design.FixedEffects.ColumnCount;
        var expected = 0.0;
        var probabilities = new double[5];
        for (var i = 0; i < design.CellCount; i++)
        {
            var eta = 0.0;
            for (var j = 0; j < p; j++)
            {
                eta += design.FixedEffects.X[i * p + j] * outputs[names.IndexOf("b_" + design.FixedEffects.Names[j])];
            }

            foreach (var term in design.GroupTerms)
            {
                var level = term.Levels[term.LevelIndex[i]];
                for (var c = 0; c < term.CoefficientCount; c++)
                {
                    eta += term.Z[i * term.CoefficientCount + c] * outputs[names.IndexOf($"r_{term.Name}[{level},{term.CoefficientNames[c]}]")];
                }
            }

            CumulativeKernel.Probabilities(link, thresholds, eta, probabilities);
            for (var k = 0; k < 5; k++)
            {
                expected += design.Response.CategoryCounts![i * 5 + k] * Math.Log(probabilities[k]);
            }
        }

        Assert.Equal(expected, model.LogLikelihood(x), 8);
    }

    [Theory]
    [InlineData(0.0, 1.0 / 8388608, 1.0 / 512)] // dyadic, so the general kernel's b − a is exact too
    [InlineData(-30.0, 0.5, 40.0)]
    [InlineData(2.0, 1.0, 3.0)]
    public void LogitCellsKernelEqualsTheGeneralKernel(double first, double smallGap, double largeGap)
    {
        double[] thresholds = [first, first + smallGap, first + smallGap + largeGap, first + smallGap + largeGap + 1];
        var last = thresholds.Length;
        double[] etas = [-50.0, -3.0, 0.0, first + 0.5 * smallGap, 4.0, 60.0];

        // Per η: one cell per category, then cells holding several categories (all of them, the two ends, two
        // neighbours), so cells that need one, two or every threshold all occur; each count is 3, and there are
        // more values than a SIMD width, so both the vector and the scalar tail run.
        int[][] holdings = [.. Enumerable.Range(0, last + 1).Select(k => new[] { k }), [.. Enumerable.Range(0, last + 1)], [0, last], [1, 2]];
        var cells = etas.Length * holdings.Length;
        var eta = new double[cells];
        var start = new int[cells + 1];
        var category = new List<int>();
        for (var i = 0; i < cells; i++)
        {
            eta[i] = etas[i / holdings.Length];
            category.AddRange(holdings[i % holdings.Length]);
            start[i + 1] = category.Count;
        }

        var count = Enumerable.Repeat(3.0, category.Count).ToArray();
        var dEta = new double[cells];
        var dThresholds = new double[last];
        var kernel = new CumulativeLogitCells(last, cells, start, [.. category], count);
        var lp = kernel.LogLikelihood(thresholds, eta, dEta, dThresholds);

        var expectedLp = 0.0;
        var expectedThresholds = new double[last];
        var pairs = 0;
        for (var i = 0; i < cells; i++)
        {
            var expectedEta = 0.0;
            var needed = new HashSet<int>();
            for (var e = start[i]; e < start[i + 1]; e++)
            {
                var k = category[e];
                var a = k == 0 ? double.NegativeInfinity : thresholds[k - 1] - eta[i];
                var b = k == last ? double.PositiveInfinity : thresholds[k] - eta[i];
                var logP = CumulativeKernel.LogProbability(Link.Logit, a, b, out var dA, out var dB);
                expectedLp += 3 * logP;
                if (k > 0)
                {
                    expectedThresholds[k - 1] += 3 * dA;
                    needed.Add(k - 1);
                }

                if (k < last)
                {
                    expectedThresholds[k] += 3 * dB;
                    needed.Add(k);
                }

                // dA + dB holds +r and −r (r = 1/expm1(gap), 8·10⁶ at the smallest gap here), which cancel exactly in
                // dℓ/dη; the kernel never forms them, so compare with σ(a) − σ(−b) directly.
                expectedEta += 3 * (Sigmoid(a) - Sigmoid(-b));
            }

            pairs += needed.Count;

            // Absolute ≈ ulp(|t|) from forming t − softplus(t) and 1 − σ(t): |t| ≤ 64 here.
            Assert.Equal(expectedEta, dEta[i], 1e-13 * (start[i + 1] - start[i]) * Math.Max(1, Math.Abs(expectedEta)));
        }

        // Only the thresholds next to a cell's categories are evaluated.
        Assert.Equal(pairs, kernel.PairCount);
        Assert.True(kernel.PairCount < cells * last);
        Assert.Equal(expectedLp, lp, 1e-13 * category.Count * 64);
        for (var k = 0; k < last; k++)
        {
            Assert.Equal(expectedThresholds[k], dThresholds[k], 1e-13 * category.Count * Math.Max(1, Math.Abs(expectedThresholds[k])));
        }
    }

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    [Fact]
    public void GradientIsAllocationFree()
    {
        var design = Ordinal(1, Link.Logit, 5, slope: true);
        var model = new CumulativeModel(design, DefaultPriors.Build(design, [])).WithEffectScaling(EffectScaling.FromData(design));
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
}
