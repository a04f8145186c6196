using MisterP.Design.Structured;

namespace MisterP.Models.Structured;

/// <summary>
/// An intrinsic Gaussian Markov random field with unit scale: RW1 and RW2 over ordered levels, ICAR over a graph
/// (Rue &amp; Held 2005, ch. 3). Its precision Q is sparse; its null space (constants on each connected component,
/// and for RW2 also the linear trend) is removed by sum-to-zero constraints per component (and a zero-trend
/// constraint for RW2: a linear trend in the levels is a fixed effect, write the numeric column in the formula).
/// Each component is scaled (Sørbye &amp; Rue 2014) so that the geometric mean of its marginal variances is 1, which
/// makes σ comparable with an iid term's sd; a connected graph's factor is BYM2's s (Riebler et al. 2016).
/// The prior of the effects u = σφ is then log p(u | σ) = −(r/2)·log 2πσ² + ½·log|Q|* − uᵀQu/(2σ²), r = rank Q
/// (n − C for ICAR/RW1 with C components, n − 2 for RW2).
/// <para>
/// Sampling: φ is drawn from −½φᵀ(Q + VVᵀ)φ, V the orthonormal null-space basis, and projected, φ ↦ (I − VVᵀ)φ. The
/// projected vector has exactly the constrained distribution N(0, Q⁺) (Q + VVᵀ has Q's eigenvalues on Q's range
/// and 1 on its null space), while the null-space part is a unit normal the likelihood never sees: no soft
/// constraint, no ridge, no funnel in the constrained direction.
/// </para>
/// </summary>
internal sealed class IntrinsicGmrf
{
    private readonly List<(int[] Nodes, double[] Values)> _constraints;

    private IntrinsicGmrf(SparsePrecision precision, LevelGraph graph, List<(int[] Nodes, double[] Values)> constraints, double[] componentScaling, int rank, double logPseudoDeterminant, long factorEntries)
    {
        FactorEntries = factorEntries;
        Precision = precision;
        Graph = graph;
        _constraints = constraints;
        ComponentScaling = componentScaling;
        Rank = rank;
        LogPseudoDeterminant = logPseudoDeterminant;
    }

    /// <summary>How an ICAR term treats a level without neighbours.</summary>
    public enum IslandRule
    {
        /// <summary>An island's effect is iid N(0, σ²) (ICAR: it has nothing to borrow from).</summary>
        Iid,

        /// <summary>An island's structured part is zero (BYM2: it keeps only the iid part, as Riebler et al.'s model and the shared spatial set do).</summary>
        Zero,
    }

    /// <summary>The scaled precision.</summary>
    public SparsePrecision Precision { get; }

    public LevelGraph Graph { get; }

    public int Size => Precision.Size;

    /// <summary>Rank of Q: the degrees of freedom of the constrained field.</summary>
    public int Rank { get; }

    /// <summary>log of the product of Q's non-zero eigenvalues (scaled Q).</summary>
    public double LogPseudoDeterminant { get; }

    /// <summary>Per component, the Sørbye–Rue factor s_c (geometric mean of the unscaled marginal variances); 1 for islands.</summary>
    public double[] ComponentScaling { get; }

    public int ConstraintCount => _constraints.Count;

    /// <summary>Entries of the sparse Cholesky factors the scaling used, summed over components: its memory, and a CPU-independent measure of its cost.</summary>
    public long FactorEntries { get; }

    /// <summary>First- (order 1) or second-order (order 2) random walk over n ordered levels.</summary>
    public static IntrinsicGmrf RandomWalk(int levels, int order)
    {
        if (order is not (1 or 2) || levels < order + 1)
        {
            throw new ArgumentException($"An RW{order} needs at least {order + 1} levels.");
        }

        var graph = LevelGraph.Path(levels);
        if (order == 1)
        {
            return Build(LaplacianTriples(graph), graph, 1, IslandRule.Iid);
        }

        // Q = DᵀD with D the (n − 2) × n second-difference matrix.
        var triples = new List<(int, int, double)>();
        double[] d = [1, -2, 1];
        for (var t = 0; t + 2 < levels; t++)
        {
            for (var a = 0; a < 3; a++)
            {
                for (var b = 0; b < 3; b++)
                {
                    triples.Add((t + a, t + b, d[a] * d[b]));
                }
            }
        }

        return Build(triples, graph, 2, IslandRule.Iid);
    }

    /// <summary>
    /// One RW1 per connected component of <paramref name="chains"/> (a path each, <see cref="LevelGraph.Paths"/>): the
    /// block-diagonal of RW1 precisions, each walk with its own sum-to-zero constraint and Sørbye–Rue scaling, all
    /// sharing σ. A single path gives exactly <see cref="RandomWalk"/>(n, 1), whose precision is the path's Laplacian.
    /// </summary>
    public static IntrinsicGmrf RandomWalks(LevelGraph chains) => Build(LaplacianTriples(chains), chains, 1, IslandRule.Iid);

    /// <summary>ICAR over a graph: Q = D − W.</summary>
    public static IntrinsicGmrf Icar(LevelGraph graph, IslandRule islands) => Build(LaplacianTriples(graph), graph, 1, islands);

    /// <summary>log p(u | σ) for u satisfying the constraints (no check): the normalized density on Q's range.</summary>
    public double LogDensity(ReadOnlySpan<double> u, double sigma) =>
        -0.5 * Rank * Math.Log(2 * Math.PI) + 0.5 * LogPseudoDeterminant + LogKernel(u, sigma);

    /// <summary>The σ-dependent part: −(r/2)·log σ² − uᵀQu/(2σ²).</summary>
    public double LogKernel(ReadOnlySpan<double> u, double sigma) =>
        -Rank * Math.Log(sigma) - 0.5 * Precision.QuadraticForm(u) / (sigma * sigma);

    /// <summary>∂/∂u of <see cref="LogKernel"/>, added into <paramref name="gradient"/>: −Qu/σ².</summary>
    public void AddKernelGradient(ReadOnlySpan<double> u, double sigma, Span<double> gradient, Span<double> scratch)
    {
        Precision.Multiply(u, scratch);
        for (var i = 0; i < Size; i++)
        {
            gradient[i] -= scratch[i] / (sigma * sigma);
        }
    }

    /// <summary>The sampled coordinates' density −½φᵀ(Q + VVᵀ)φ; its gradient is added into <paramref name="gradient"/>.</summary>
    public double LatentLogDensity(ReadOnlySpan<double> phi, Span<double> gradient, Span<double> scratch)
    {
        Precision.Multiply(phi, scratch);
        var lp = 0.0;
        for (var i = 0; i < Size; i++)
        {
            lp -= 0.5 * phi[i] * scratch[i];
            gradient[i] -= scratch[i];
        }

        foreach (var (nodes, values) in _constraints)
        {
            var dot = Dot(nodes, values, phi);
            lp -= 0.5 * dot * dot;
            for (var k = 0; k < nodes.Length; k++)
            {
                gradient[nodes[k]] -= dot * values[k];
            }
        }

        return lp;
    }

    /// <summary>
    /// diag(Q + VVᵀ): each latent coordinate's conditional prior precision in <see cref="LatentLogDensity"/>, the
    /// scale against which a level's data information is weighed (<see cref="IntrinsicEffect"/>).
    /// </summary>
    public double[] LatentPrecisionDiagonal()
    {
        var diagonal = new double[Size];
        for (var i = 0; i < Size; i++)
        {
            for (var e = Precision.RowStart[i]; e < Precision.RowStart[i + 1]; e++)
            {
                if (Precision.Columns[e] == i)
                {
                    diagonal[i] += Precision.Values[e];
                }
            }
        }

        foreach (var (nodes, values) in _constraints)
        {
            for (var k = 0; k < nodes.Length; k++)
            {
                diagonal[nodes[k]] += values[k] * values[k];
            }
        }

        return diagonal;
    }

    /// <summary>(I − VVᵀ)·x in place: onto the constraint space. Symmetric, so it also maps gradients back.</summary>
    public void Project(Span<double> x)
    {
        foreach (var (nodes, values) in _constraints)
        {
            var dot = Dot(nodes, values, x);
            for (var k = 0; k < nodes.Length; k++)
            {
                x[nodes[k]] -= dot * values[k];
            }
        }
    }

    private static double Dot(int[] nodes, double[] values, ReadOnlySpan<double> x)
    {
        var dot = 0.0;
        for (var k = 0; k < nodes.Length; k++)
        {
            dot += values[k] * x[nodes[k]];
        }

        return dot;
    }

    private static List<(int, int, double)> LaplacianTriples(LevelGraph graph)
    {
        var triples = new List<(int, int, double)>();
        for (var i = 0; i < graph.NodeCount; i++)
        {
            triples.Add((i, i, graph.Degree(i)));
        }

        foreach (var (a, b) in graph.Edges)
        {
            triples.Add((a, b, -1));
            triples.Add((b, a, -1));
        }

        return triples;
    }

    /// <summary>
    /// Per component: its null-space basis, then the Sørbye–Rue factor from the marginal variances of the constrained
    /// field and log|Q_c|*, from a sparse Cholesky of the grounded component (<see cref="ConstrainedVariances"/>):
    /// O(m·w²) for envelope width w once per fit (w ≈ √m on planar maps, 1–2 on a chain), never per gradient. Small
    /// components keep the dense computation (<see cref="DenseConstrainedVariances"/>), so their fits' draws stay
    /// bit-identical to earlier versions'.
    /// </summary>
    private static IntrinsicGmrf Build(List<(int Row, int Column, double Value)> triples, LevelGraph graph, int order, IslandRule islands)
    {
        var n = graph.NodeCount;
        var islandNodes = graph.Islands.ToHashSet();
        if (islands == IslandRule.Iid)
        {
            triples.AddRange(islandNodes.Select(i => (i, i, 1.0)));
        }

        var precision = SparsePrecision.FromTriples(n, triples);
        var constraints = new List<(int[] Nodes, double[] Values)>();
        var scaling = new double[graph.ComponentCount];
        var nodeFactor = new double[n];
        var rank = 0;
        var logDet = 0.0;
        var factorEntries = 0L;
        foreach (var nodes in Enumerable.Range(0, n).GroupBy(i => graph.Component[i]).OrderBy(g => g.Key).Select(g => g.ToArray()))
        {
            var c = graph.Component[nodes[0]];
            if (nodes.Length == 1)
            {
                scaling[c] = 1;
                nodeFactor[nodes[0]] = 1;
                if (islands == IslandRule.Zero)
                {
                    constraints.Add((nodes, [1.0]));
                }
                else
                {
                    rank++;
                }

                continue;
            }

            var basis = NullSpace(nodes.Length, order);
            constraints.AddRange(basis.Select(v => (nodes, v)));
            var m = nodes.Length;
            var (variances, componentLogDet, entries) = m <= DenseConstrainedVariances.MaxLevels
                ? DenseConstrainedVariances.Compute(precision, nodes, basis)
                : ConstrainedVariances.Compute(precision, nodes, basis);
            factorEntries += entries;
            var logMean = 0.0;
            for (var a = 0; a < m; a++)
            {
                logMean += Math.Log(variances[a]) / m;
            }

            var s = Math.Exp(logMean);
            scaling[c] = s;
            foreach (var i in nodes)
            {
                nodeFactor[i] = s;
            }

            var componentRank = m - basis.Count;
            rank += componentRank;
            logDet += componentLogDet + componentRank * Math.Log(s);
        }

        precision.ScaleWithin(nodeFactor);
        return new IntrinsicGmrf(precision, graph, constraints, scaling, rank, logDet, factorEntries);
    }

    /// <summary>Orthonormal basis of the null space on a component of m levels: the constant, and for RW2 the centred trend.</summary>
    private static List<double[]> NullSpace(int m, int order)
    {
        var basis = new List<double[]> { Enumerable.Repeat(1 / Math.Sqrt(m), m).ToArray() };
        if (order == 2)
        {
            var mean = (m - 1) / 2.0;
            var trend = Enumerable.Range(0, m).Select(t => t - mean).ToArray();
            var norm = Math.Sqrt(trend.Sum(t => t * t));
            basis.Add(trend.Select(t => t / norm).ToArray());
        }

        return basis;
    }
}
