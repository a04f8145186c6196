using MisterP.Design.Structured;
using MisterP.Models.Structured;
using MisterP.Priors;
using Xunit;

namespace MisterP.Tests.Models.Structured;

/// <summary>
/// The structured priors against independent dense computations (Jacobi eigendecomposition): scaled precision,
/// rank, generalized determinant, log density to 1e-10; BYM2's implied covariance; the 48-state scaling factor to
/// 1e-9; every effect's gradient against central finite differences.
/// </summary>
public class StructuredPriorExactnessTests
{
    /// <summary>Two components (a 4-cycle with a chord, a path of 3) and an island.</summary>
    private static LevelGraph SmallGraph() => new(8, [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (4, 5), (5, 6)]);

    /// <summary>Unscaled dense precision built here from its definition, not from the library's sparse one.</summary>
    private static double[] DenseLaplacian(LevelGraph graph, bool islandsIid)
    {
        var n = graph.NodeCount;
        var q = new double[n * n];
        foreach (var (a, b) in graph.Edges)
        {
            q[a * n + a]++;
            q[b * n + b]++;
            q[a * n + b]--;
            q[b * n + a]--;
        }

        foreach (var i in graph.Islands.Where(_ => islandsIid))
        {
            q[i * n + i] = 1;
        }

        return q;
    }

    private static double[] DenseRw2(int n)
    {
        var q = new double[n * n];
        for (var t = 0; t + 2 < n; t++)
        {
            double[] d = [1, -2, 1];
            for (var a = 0; a < 3; a++)
            {
                for (var b = 0; b < 3; b++)
                {
                    q[(t + a) * n + t + b] += d[a] * d[b];
                }
            }
        }

        return q;
    }

    /// <summary>Scales each block of nodes so the geometric mean of the pseudo-inverse's diagonal is 1 (Sørbye &amp; Rue 2014).</summary>
    private static double[] ScaleBlocks(double[] q, int n, IEnumerable<int[]> blocks)
    {
        var scaled = (double[])q.Clone();
        foreach (var nodes in blocks.Where(b => b.Length > 1))
        {
            var m = nodes.Length;
            var sub = new double[m * m];
            for (var a = 0; a < m; a++)
            {
                for (var b = 0; b < m; b++)
                {
                    sub[a * m + b] = q[nodes[a] * n + nodes[b]];
                }
            }

            var (inverse, _, _) = DenseReference.PseudoInverse(sub, m);
            var s = Math.Exp(Enumerable.Range(0, m).Average(a => Math.Log(inverse[a * m + a])));
            foreach (var i in nodes)
            {
                foreach (var j in nodes)
                {
                    scaled[i * n + j] *= s;
                }
            }
        }

        return scaled;
    }

    private static IEnumerable<int[]> Blocks(LevelGraph graph) =>
        Enumerable.Range(0, graph.NodeCount).GroupBy(i => graph.Component[i]).Select(g => g.ToArray());

    /// <summary>A random vector projected onto Q's range: u = Q⁺Q·x.</summary>
    private static double[] InRange(double[] q, int n, int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var (inverse, _, _) = DenseReference.PseudoInverse(q, n);
        var qx = new double[n];
        var u = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                qx[i] += q[i * n + j] * x[j];
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                u[i] += inverse[i * n + j] * qx[j];
            }
        }

        return u;
    }

    private static void AssertDensityMatchesDense(IntrinsicGmrf field, double[] denseScaled, int expectedRank)
    {
        var n = field.Size;
        var (_, logDet, rank) = DenseReference.PseudoInverse(denseScaled, n);
        Assert.Equal(expectedRank, rank);
        Assert.Equal(expectedRank, field.Rank);
        Assert.Equal(logDet, field.LogPseudoDeterminant, 1e-10);
        Assert.Equal(denseScaled, field.Precision.Dense(Enumerable.Range(0, n).ToArray()), (a, b) => Math.Abs(a - b) < 1e-10);
        foreach (var (seed, sigma) in new[] { (1, 0.3), (2, 1.0), (3, 2.7) })
        {
            var u = InRange(denseScaled, n, seed).Select(v => v * sigma).ToArray();
            var expected = -0.5 * rank * Math.Log(2 * Math.PI * sigma * sigma) + 0.5 * logDet - 0.5 * DenseReference.Quadratic(denseScaled, u) / (sigma * sigma);
            Assert.Equal(expected, field.LogDensity(u, sigma), 1e-10);
            Assert.Equal(-rank * Math.Log(sigma) - 0.5 * DenseReference.Quadratic(denseScaled, u) / (sigma * sigma), field.LogKernel(u, sigma), 1e-10);
        }
    }

    [Fact]
    public void IcarWithComponentsAndIslandMatchesDenseGeneralizedDensity()
    {
        var graph = SmallGraph();
        var field = IntrinsicGmrf.Icar(graph, IntrinsicGmrf.IslandRule.Iid);

        // n − C with C = 3 components, plus the island's iid direction back: 8 − 3 + 1.
        AssertDensityMatchesDense(field, ScaleBlocks(DenseLaplacian(graph, islandsIid: true), 8, Blocks(graph)), 6);
        Assert.Equal(3, graph.ComponentCount);
        Assert.Equal([7], graph.Islands);
    }

    [Fact]
    public void IcarWithZeroIslandDropsItsDirection()
    {
        var graph = SmallGraph();
        var field = IntrinsicGmrf.Icar(graph, IntrinsicGmrf.IslandRule.Zero);
        AssertDensityMatchesDense(field, ScaleBlocks(DenseLaplacian(graph, islandsIid: false), 8, Blocks(graph)), 5);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public void Rw1IsIcarOnAPathOfRankNMinusOne(int n)
    {
        var path = LevelGraph.Path(n);
        AssertDensityMatchesDense(IntrinsicGmrf.RandomWalk(n, 1), ScaleBlocks(DenseLaplacian(path, false), n, [Enumerable.Range(0, n).ToArray()]), n - 1);
    }

    /// <summary>
    /// rw1(month, by = plan): the dense block-diagonal of one RW1 precision per plan (first differences within a walk,
    /// none across walks), each walk scaled on its own, rank plans × (months − 1), against the sparse field.
    /// </summary>
    [Theory]
    [InlineData(3, 5)]
    [InlineData(2, 12)]
    public void WalkPerLevelIsBlockDiagonalRw1OfRankPlansTimesMonthsMinusOne(int plans, int months)
    {
        var n = plans * months;
        var q = new double[n * n];
        for (var p = 0; p < plans; p++)
        {
            for (var t = 0; t + 1 < months; t++)
            {
                // (u_{t+1} − u_t)² of walk p: the difference vector's outer product.
                var a = p * months + t;
                var b = a + 1;
                q[a * n + a]++;
                q[b * n + b]++;
                q[a * n + b]--;
                q[b * n + a]--;
            }
        }

        var walks = Enumerable.Range(0, plans).Select(p => Enumerable.Range(p * months, months).ToArray()).ToList();
        var field = IntrinsicGmrf.RandomWalks(LevelGraph.Paths(plans, months));
        AssertDensityMatchesDense(field, ScaleBlocks(q, n, walks), plans * (months - 1));
        Assert.Equal(plans, field.ConstraintCount);

        // Every walk has the single-walk scaling factor, and sums to zero on its own after projection.
        var single = IntrinsicGmrf.RandomWalk(months, 1).ComponentScaling.Single();
        Assert.All(field.ComponentScaling, s => Assert.Equal(single, s, 1e-12));
        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i) + i % 3).ToArray();
        field.Project(x);
        Assert.All(walks, w => Assert.Equal(0, w.Sum(i => x[i]), 1e-12));
    }

    [Fact]
    public void OneWalkIsTheRandomWalk()
    {
        var one = IntrinsicGmrf.RandomWalks(LevelGraph.Path(9));
        var rw1 = IntrinsicGmrf.RandomWalk(9, 1);
        var all = Enumerable.Range(0, 9).ToArray();
        Assert.Equal(rw1.Precision.Dense(all), one.Precision.Dense(all));
        Assert.Equal(rw1.LogPseudoDeterminant, one.LogPseudoDeterminant);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void Rw2HasRankNMinusTwo(int n) =>
        AssertDensityMatchesDense(IntrinsicGmrf.RandomWalk(n, 2), ScaleBlocks(DenseRw2(n), n, [Enumerable.Range(0, n).ToArray()]), n - 2);

    [Fact]
    public void ProjectionRemovesExactlyTheNullSpace()
    {
        var field = IntrinsicGmrf.RandomWalk(9, 2);
        var x = Enumerable.Range(0, 9).Select(i => Math.Sin(i) + 0.3 * i + 2).ToArray();
        field.Project(x);
        Assert.Equal(0, x.Sum(), 1e-12);
        Assert.Equal(0, x.Select((v, i) => v * i).Sum(), 1e-12);
    }

    [Fact]
    public void ContiguousStatesScalingFactorMatchesTheSharedValue()
    {
        var path = SharedData.RequireFile("data/geo/us_state_adjacency.csv");
        var edges = File.ReadLines(path).Skip(1).Select(l => l.Replace("\"", "").Split(',')).Where(p => p[0] != "DC" && p[1] != "DC").ToList();
        var states = edges.SelectMany(e => e).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = states.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var graph = new LevelGraph(states.Count, edges.Select(e => (index[e[0]], index[e[1]])));
        Assert.Equal(48, graph.NodeCount);
        Assert.Equal(107, graph.EdgeCount);
        var field = IntrinsicGmrf.Icar(graph, IntrinsicGmrf.IslandRule.Zero);
        Assert.Equal(0.525606080142598, field.ComponentScaling.Single(), 1e-9);
    }

    [Theory]
    [InlineData(0.85, 0.6)]
    [InlineData(0.1, 2.0)]
    public void Bym2ImpliedCovarianceIsTheMixture(double rho, double sigma)
    {
        var graph = SmallGraph();
        var n = graph.NodeCount;
        var effect = new Bym2Effect(IntrinsicGmrf.Icar(graph, IntrinsicGmrf.IslandRule.Zero), PriorDistribution.Beta(1, 1));
        double[] extra = [Math.Log(rho / (1 - rho))];
        Assert.Equal(rho, effect.Correlation(extra), 1e-12);

        // The map (φ, θ) ↦ u is linear: its columns J, and the latent precision H from the (linear) latent gradient.
        var latentCount = effect.LatentCount;
        var jacobian = new double[n * latentCount];
        var precision = new double[latentCount * latentCount];
        var u = new double[n];
        for (var c = 0; c < latentCount; c++)
        {
            var unit = new double[latentCount];
            unit[c] = 1;
            var gradient = new double[latentCount];
            var dLogSigma = 0.0;
            effect.Forward(unit, extra, sigma, [], u, gradient, new double[1], ref dLogSigma);
            for (var i = 0; i < n; i++)
            {
                jacobian[i * latentCount + c] = u[i];
            }

            for (var r = 0; r < latentCount; r++)
            {
                precision[r * latentCount + c] = -gradient[r];
            }
        }

        var (latentCovariance, _, rank) = DenseReference.PseudoInverse(precision, latentCount);
        Assert.Equal(latentCount, rank);
        var scaled = ScaleBlocks(DenseLaplacian(graph, false), n, Blocks(graph));
        var (structured, _, _) = DenseReference.PseudoInverse(scaled, n);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var implied = 0.0;
                for (var a = 0; a < latentCount; a++)
                {
                    for (var b = 0; b < latentCount; b++)
                    {
                        implied += jacobian[i * latentCount + a] * latentCovariance[a * latentCount + b] * jacobian[j * latentCount + b];
                    }
                }

                var expected = sigma * sigma * (rho * structured[i * n + j] + (i == j ? 1 - rho : 0));
                Assert.Equal(expected, implied, 1e-10);
            }
        }

        // The full density of u = the Gaussian with that covariance; islands have variance σ²(1 − ρ) (iid part only).
        Assert.Equal(sigma * sigma * (1 - rho), sigma * sigma * (rho * structured[7 * n + 7] + 1 - rho), 1e-12);
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-0.4, 0.5)]
    public void Ar1CenteredDensityMatchesDenseGaussian(double rho, double sigma)
    {
        const int n = 9;
        var covariance = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                covariance[i * n + j] = sigma * sigma * Math.Pow(rho, Math.Abs(i - j));
            }
        }

        var u = Enumerable.Range(0, n).Select(i => Math.Cos(1.7 * i) * sigma).ToArray();
        Assert.Equal(DenseReference.GaussianLogDensity(u, covariance), Ar1Effect.LogDensity(u, sigma, rho), 1e-10);

        // The non-centered map reproduces u: z from u, then Effects(z) = u.
        var effect = new Ar1Effect(n, PriorDistribution.Beta(1, 1));
        var z = new double[n];
        z[0] = u[0] / sigma;
        for (var t = 1; t < n; t++)
        {
            z[t] = (u[t] - rho * u[t - 1]) / (sigma * Math.Sqrt(1 - rho * rho));
        }

        var back = new double[n];
        effect.Effects(z, [Math.Atanh(rho)], sigma, [], back);
        Assert.Equal(u, back, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    public static TheoryData<string> Effects => ["rw1", "rw1-by", "rw2", "icar", "bym2", "ar1", "rw1+information", "rw1-by+information", "rw2+information", "icar+information"];

    /// <summary>Per-level data information for a "+information" case (partially centred coordinates), else none.</summary>
    private static double[] Information(string kind, int levels) =>
        kind.EndsWith("+information", StringComparison.Ordinal) ? Enumerable.Range(0, levels).Select(i => i % 3 == 0 ? 0 : 0.4 + 1.3 * i).ToArray() : [];

    private static IStructuredEffect Make(string kind) => kind.Split('+')[0] switch
    {
        "rw1" => new IntrinsicEffect(IntrinsicGmrf.RandomWalk(7, 1)),
        "rw1-by" => new IntrinsicEffect(IntrinsicGmrf.RandomWalks(LevelGraph.Paths(3, 4))),
        "rw2" => new IntrinsicEffect(IntrinsicGmrf.RandomWalk(7, 2)),
        "icar" => new IntrinsicEffect(IntrinsicGmrf.Icar(SmallGraph(), IntrinsicGmrf.IslandRule.Iid)),
        "bym2" => new Bym2Effect(IntrinsicGmrf.Icar(SmallGraph(), IntrinsicGmrf.IslandRule.Zero), PriorDistribution.Beta(2, 3)),
        _ => new Ar1Effect(7, PriorDistribution.Beta(2, 2)),
    };

    /// <summary>f = prior(latent, extra) + ℓ(u) with ℓ(u) = Σ cᵢuᵢ − ¼Σuᵢ², over (latent, extra, log σ).</summary>
    private static double Objective(IStructuredEffect effect, double[] information, double[] x, double[] gradient)
    {
        var latent = effect.LatentCount;
        var u = new double[effect.Levels];
        var gLatent = new double[latent];
        var gExtra = new double[effect.ExtraCount];
        var sigma = Math.Exp(x[^1]);
        var dLogSigma = 0.0;
        var lp = effect.Forward(x.AsSpan(0, latent), x.AsSpan(latent, effect.ExtraCount), sigma, information, u, gLatent, gExtra, ref dLogSigma);
        var gu = new double[u.Length];
        for (var i = 0; i < u.Length; i++)
        {
            var c = 0.3 * Math.Sin(i + 1);
            lp += c * u[i] - 0.25 * u[i] * u[i];
            gu[i] = c - 0.5 * u[i];
        }

        dLogSigma += effect.Backward(gu, u, gLatent, gExtra);
        gLatent.CopyTo(gradient, 0);
        gExtra.CopyTo(gradient, latent);
        gradient[^1] = dLogSigma;
        return lp;
    }

    [Theory]
    [MemberData(nameof(Effects))]
    public void GradientMatchesFiniteDifferences(string kind)
    {
        var effect = Make(kind);
        var information = Information(kind, effect.Levels);
        var dimension = effect.LatentCount + effect.ExtraCount + 1;
        var random = new Random(7);
        var x = Enumerable.Range(0, dimension).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gradient = new double[dimension];
        Objective(effect, information, x, gradient);
        var scratch = new double[dimension];
        for (var k = 0; k < dimension; k++)
        {
            const double h = 1e-5;
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[k] += h;
            minus[k] -= h;
            var numeric = (Objective(effect, information, plus, scratch) - Objective(effect, information, minus, scratch)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[k]) < 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{kind} coordinate {k}: analytic {gradient[k]}, numeric {numeric}");
        }
    }
}
