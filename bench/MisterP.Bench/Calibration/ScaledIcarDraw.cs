using MathNet.Numerics.LinearAlgebra;
using MisterP.Numerics;

namespace MisterP.Bench.Calibration;

/// <summary>
/// Exact draws from a scaled intrinsic field on a connected graph, computed densely and independently of the
/// library's sparse <c>IntrinsicGmrf</c> (so a wrong scaling or constraint there shows up in the ranks): with the
/// graph Laplacian Q = D − W = Σ λ_k e_k e_kᵀ, its generalized inverse Q⁺ = Σ_{λ_k &gt; 0} e_k e_kᵀ / λ_k, and
/// s = the geometric mean of diag Q⁺ (Sørbye &amp; Rue 2014), φ = Σ_{λ_k &gt; 0} z_k e_k / √(s λ_k), z_k ~ N(0, 1), is
/// N(0, Q⁺/s): it sums to zero and its marginal variances have geometric mean 1. An RW1 is the path graph's field.
/// </summary>
internal sealed class ScaledIcarDraw
{
    private readonly Matrix<double> _vectors;
    private readonly double[] _scales;

    public ScaledIcarDraw(int nodes, IEnumerable<(int A, int B)> edges)
    {
        var q = Matrix<double>.Build.Dense(nodes, nodes);
        foreach (var (a, b) in edges)
        {
            q[a, a] += 1;
            q[b, b] += 1;
            q[a, b] -= 1;
            q[b, a] -= 1;
        }

        var evd = q.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        var range = Enumerable.Range(0, nodes).Where(k => values[k] > 1e-9).ToArray();
        if (range.Length != nodes - 1)
        {
            throw new ArgumentException("The graph must be connected (one zero eigenvalue).", nameof(edges));
        }

        _vectors = evd.EigenVectors;
        var logDiagonal = 0.0;
        for (var i = 0; i < nodes; i++)
        {
            logDiagonal += Math.Log(range.Sum(k => _vectors[i, k] * _vectors[i, k] / values[k]));
        }

        ScalingFactor = Math.Exp(logDiagonal / nodes);
        _scales = new double[nodes];
        foreach (var k in range)
        {
            _scales[k] = 1 / Math.Sqrt(ScalingFactor * values[k]);
        }
    }

    /// <summary>s: the geometric mean of the unscaled field's marginal variances.</summary>
    public double ScalingFactor { get; }

    public double[] Draw(Xoshiro256 random)
    {
        var n = _scales.Length;
        var phi = new double[n];
        for (var k = 0; k < n; k++)
        {
            // Every coordinate consumes a normal (the null direction's scale is 0), so draws stay aligned across graphs.
            var z = random.Normal() * _scales[k];
            for (var i = 0; i < n; i++)
            {
                phi[i] += z * _vectors[i, k];
            }
        }

        return phi;
    }

    /// <summary>Undirected edges of a rows × columns lattice with rook neighbours, nodes numbered row by row.</summary>
    public static IEnumerable<(int A, int B)> Lattice(int rows, int columns)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var node = r * columns + c;
                if (c + 1 < columns)
                {
                    yield return (node, node + 1);
                }

                if (r + 1 < rows)
                {
                    yield return (node, node + columns);
                }
            }
        }
    }
}
