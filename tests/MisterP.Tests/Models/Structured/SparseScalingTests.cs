using MisterP.Design.Structured;
using MisterP.Models.Structured;
using Xunit;

namespace MisterP.Tests.Models.Structured;

/// <summary>
/// The sparse constrained variances (reverse Cuthill–McKee order, envelope Cholesky, Takahashi selected inverse,
/// grounded generalized inverse) against the dense computation (<see cref="DenseConstrainedVariances"/>, the former
/// code for every component): every marginal variance, scaling factor and log pseudo-determinant to 1e-9 on the
/// 48-state map, random maps with several components and islands, and random walks; the fields built from them
/// (sparse above 100 levels); and the sparse parts against dense linear algebra.
/// </summary>
public class SparseScalingTests
{
    /// <summary>
    /// A random map: points in the unit square in <paramref name="clusters"/> separated groups, each joined to its 3
    /// nearest neighbours in the same group, plus <paramref name="islands"/> isolated points.
    /// </summary>
    private static LevelGraph RandomMap(int perCluster, int clusters, int islands, int seed)
    {
        var random = new Random(seed);
        var n = perCluster * clusters + islands;
        var points = Enumerable.Range(0, n).Select(_ => (X: random.NextDouble(), Y: random.NextDouble())).ToArray();
        var edges = new List<(int, int)>();
        for (var c = 0; c < clusters; c++)
        {
            var members = Enumerable.Range(c * perCluster, perCluster).ToArray();
            foreach (var i in members)
            {
                edges.AddRange(members.Where(j => j != i)
                    .OrderBy(j => Math.Pow(points[j].X - points[i].X, 2) + Math.Pow(points[j].Y - points[i].Y, 2))
                    .Take(3).Select(j => (i, j)));
            }
        }

        // Shuffle the labels so components interleave in index order, as real area codes do.
        var label = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        return new LevelGraph(n, edges.Select(e => (label[e.Item1], label[e.Item2])));
    }

    private static double[] DenseLaplacian(LevelGraph graph)
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

        return q;
    }

    private static SparsePrecision Laplacian(LevelGraph graph) =>
        SparsePrecision.FromTriples(graph.NodeCount, Enumerable.Range(0, graph.NodeCount).Select(i => (i, i, (double)graph.Degree(i)))
            .Concat(graph.Edges.SelectMany(e => new[] { (e.A, e.B, -1.0), (e.B, e.A, -1.0) })));

    /// <summary>Sparse against dense on one component: each variance and log|Q_c|* to <paramref name="tolerance"/> (relative).</summary>
    private static void AssertComponentMatchesDense(SparsePrecision precision, int[] nodes, List<double[]> basis, double tolerance = 1e-9)
    {
        var (sparse, sparseLogDet, entries) = ConstrainedVariances.Compute(precision, nodes, basis);
        var (dense, denseLogDet, _) = DenseConstrainedVariances.Compute(precision, nodes, basis);
        for (var a = 0; a < nodes.Length; a++)
        {
            Assert.Equal(dense[a], sparse[a], tolerance * dense[a]);
        }

        Assert.Equal(denseLogDet, sparseLogDet, tolerance * Math.Max(1, Math.Abs(denseLogDet)));
        Assert.InRange(entries, nodes.Length - basis.Count, (long)nodes.Length * (nodes.Length + 1) / 2);
    }

    private static int[][] MultiNodeComponents(LevelGraph graph) =>
        Enumerable.Range(0, graph.NodeCount).GroupBy(i => graph.Component[i]).Select(g => g.ToArray()).Where(c => c.Length > 1).ToArray();

    private static List<double[]> Constant(int m) => [Enumerable.Repeat(1 / Math.Sqrt(m), m).ToArray()];

    /// <summary>The field's scaling and log|Q|* against the dense computation per component (whichever the field used).</summary>
    private static void AssertFieldMatchesDense(LevelGraph graph, IntrinsicGmrf field)
    {
        var precision = Laplacian(graph);
        var logDet = 0.0;
        foreach (var nodes in MultiNodeComponents(graph))
        {
            var m = nodes.Length;
            var (variances, componentLogDet, _) = DenseConstrainedVariances.Compute(precision, nodes, Constant(m));
            var s = Math.Exp(variances.Average(Math.Log));
            Assert.Equal(s, field.ComponentScaling[graph.Component[nodes[0]]], 1e-9 * s);
            logDet += componentLogDet + (m - 1) * Math.Log(s);
        }

        Assert.All(graph.Islands, i => Assert.Equal(1.0, field.ComponentScaling[graph.Component[i]]));
        Assert.Equal(logDet, field.LogPseudoDeterminant, 1e-9 * Math.Max(1, Math.Abs(logDet)));
    }

    [Theory]
    [InlineData(false, "48 contiguous states (no DC)")]
    [InlineData(true, "48 contiguous states + DC")]
    public void ContiguousStatesMatchDenseAndTheSharedValue(bool withDc, string row)
    {
        var path = SharedData.RequireFile("data/geo/us_state_adjacency.csv");
        var edges = File.ReadLines(path).Skip(1).Select(l => l.Replace("\"", "").Split(',')).Where(p => withDc || (p[0] != "DC" && p[1] != "DC")).ToList();
        var states = edges.SelectMany(e => e).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = states.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var graph = new LevelGraph(states.Count, edges.Select(e => (index[e[0]], index[e[1]])));
        var field = IntrinsicGmrf.Icar(graph, IntrinsicGmrf.IslandRule.Zero);
        AssertComponentMatchesDense(Laplacian(graph), Enumerable.Range(0, graph.NodeCount).ToArray(), Constant(graph.NodeCount));

        // bym2_scaling_factor.csv: graph, n_nodes, n_edges, scaling_factor, … (computed in R by the data's provenance).
        var fields = File.ReadLines(SharedData.RequireFile("data/geo/bym2_scaling_factor.csv")).Single(l => l.Contains(row, StringComparison.Ordinal)).Split(',');
        Assert.Equal(int.Parse(fields[^4], System.Globalization.CultureInfo.InvariantCulture), graph.NodeCount);
        var shared = double.Parse(fields[^2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(shared, field.ComponentScaling.Single(), 1e-9);
        var (variances, _, _) = ConstrainedVariances.Compute(Laplacian(graph), Enumerable.Range(0, graph.NodeCount).ToArray(), Constant(graph.NodeCount));
        Assert.Equal(shared, Math.Exp(variances.Average(Math.Log)), 1e-9);
    }

    [Theory]
    [InlineData(40, 3, 4, 1)]
    [InlineData(150, 2, 1, 2)]
    [InlineData(7, 6, 5, 3)]
    public void RandomMapsWithComponentsAndIslandsMatchDense(int perCluster, int clusters, int islands, int seed)
    {
        var graph = RandomMap(perCluster, clusters, islands, seed);
        Assert.True(graph.ComponentCount >= clusters + islands);
        Assert.Equal(islands, graph.Islands.Count);
        var precision = Laplacian(graph);
        Assert.All(MultiNodeComponents(graph), nodes => AssertComponentMatchesDense(precision, nodes, Constant(nodes.Length)));
        AssertFieldMatchesDense(graph, IntrinsicGmrf.Icar(graph, IntrinsicGmrf.IslandRule.Zero));
        AssertFieldMatchesDense(graph, IntrinsicGmrf.Icar(graph, IntrinsicGmrf.IslandRule.Iid));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(1, 250)]
    [InlineData(2, 3)]
    [InlineData(2, 4)]
    [InlineData(2, 200)]
    public void RandomWalksMatchDense(int order, int n)
    {
        var field = IntrinsicGmrf.RandomWalk(n, order);
        var q = new double[n * n];
        var nodes = Enumerable.Range(0, n).ToArray();
        var basis = new List<double[]> { Enumerable.Repeat(1 / Math.Sqrt(n), n).ToArray() };
        if (order == 1)
        {
            q = DenseLaplacian(LevelGraph.Path(n));
        }
        else
        {
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

            var trend = nodes.Select(t => t - (n - 1) / 2.0).ToArray();
            var norm = Math.Sqrt(trend.Sum(t => t * t));
            basis.Add(trend.Select(t => t / norm).ToArray());
        }

        // The dense computation loses digits on a long RW2 (Q + VVᵀ has condition number ~n⁴): there the reference is
        // a 40-digit computation (mpmath, the same dense formula), 13699.54167142583879; the dense double is 1.4e-9 off.
        var tolerance = order == 2 && n == 200 ? 1e-8 : 1e-9;
        var precision = SparsePrecision.FromTriples(n, nodes.SelectMany(i => nodes.Where(j => q[i * n + j] != 0).Select(j => (i, j, q[i * n + j]))));
        AssertComponentMatchesDense(precision, nodes, basis, tolerance);

        var (variances, logDet, _) = DenseConstrainedVariances.Compute(precision, nodes, basis);
        var s = Math.Exp(variances.Average(Math.Log));
        Assert.Equal(s, field.ComponentScaling.Single(), tolerance * s);
        if (order == 2 && n == 200)
        {
            Assert.Equal(13699.54167142583879, field.ComponentScaling.Single(), 1e-11 * s);
        }

        var expected = logDet + (n - order) * Math.Log(s);
        Assert.Equal(expected, field.LogPseudoDeterminant, tolerance * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void ReverseCuthillMcKeeRestoresTheBandOfAShuffledChain()
    {
        const int n = 30;
        var label = Enumerable.Range(0, n).OrderBy(i => (i * 17) % n).ToArray();
        var chain = new LevelGraph(n, Enumerable.Range(0, n - 1).Select(i => (label[i], label[i + 1])));
        var order = FillReducingOrder.ReverseCuthillMcKee(chain.NeighbourStart, chain.Neighbours);
        Assert.Equal(Enumerable.Range(0, n), order.Order());
        var position = new int[n];
        for (var k = 0; k < n; k++)
        {
            position[order[k]] = k;
        }

        Assert.All(chain.Edges, e => Assert.Equal(1, Math.Abs(position[e.A] - position[e.B])));
    }

    [Fact]
    public void EnvelopeCholeskyAndSelectedInverseMatchDenseInverse()
    {
        // A sparse SPD matrix: a random map's Laplacian plus a random positive diagonal, in its natural order.
        var graph = RandomMap(60, 1, 0, 4);
        var n = graph.NodeCount;
        var random = new Random(5);
        var a = DenseLaplacian(graph);
        for (var i = 0; i < n; i++)
        {
            a[i * n + i] += 0.05 + random.NextDouble();
        }

        var factor = EnvelopeCholesky.Factor(n, i => Enumerable.Range(0, i + 1).Where(j => a[i * n + j] != 0).Select(j => (j, a[i * n + j])))!;
        var (inverse, logDet, rank) = DenseReference.PseudoInverse(a, n);
        Assert.Equal(n, rank);
        Assert.Equal(logDet, factor.LogDeterminant, 1e-9);
        var diagonal = SelectedInverse.Diagonal(factor);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(inverse[i * n + i], diagonal[i], 1e-10);
        }

        var b = Enumerable.Range(0, n).Select(i => Math.Cos(i)).ToArray();
        var x = (double[])b.Clone();
        factor.Solve(x);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(Enumerable.Range(0, n).Sum(j => inverse[i * n + j] * b[j]), x[i], 1e-9);
        }

        Assert.Null(EnvelopeCholesky.Factor(2, i => i == 0 ? [(0, 1.0)] : [(0, 2.0), (1, 1.0)]));
    }
}
