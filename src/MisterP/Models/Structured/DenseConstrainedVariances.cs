namespace MisterP.Models.Structured;

/// <summary>
/// The same quantities as <see cref="ConstrainedVariances"/> by dense algebra, for small components: a dense Cholesky
/// of Q_c + V_cV_cᵀ (Q_c's eigenvalues on its range, 1 on its null space), so diag(Q_c⁺) = diag((Q_c + V_cV_cᵀ)⁻¹) −
/// diag(V_cV_cᵀ) and log|Q_c|* = log det(Q_c + V_cV_cᵀ). O(m³), so only up to <see cref="MaxLevels"/> levels, where
/// it costs under a millisecond; it is kept there because it is the computation earlier versions used for every
/// component, and the scaling enters the sampler's arithmetic: the sparse result differs in the last bits (~1e-15),
/// which NUTS's trajectories amplify, so a 48-state fit's draws would no longer be bit-identical to earlier ones.
/// </summary>
internal static class DenseConstrainedVariances
{
    /// <summary>Largest component computed densely (m³/3 ≈ 3·10⁵ multiply-adds).</summary>
    public const int MaxLevels = 100;

    public static (double[] Variances, double LogPseudoDeterminant, long FactorEntries) Compute(SparsePrecision precision, int[] nodes, IReadOnlyList<double[]> basis)
    {
        var m = nodes.Length;
        var dense = precision.Dense(nodes);
        foreach (var v in basis)
        {
            for (var a = 0; a < m; a++)
            {
                for (var b = 0; b < m; b++)
                {
                    dense[a * m + b] += v[a] * v[b];
                }
            }
        }

        var l = Numerics.Cholesky.Factor(dense, m) ?? throw new InvalidOperationException("The structured precision is not positive definite on its range.");
        var inverseDiagonal = InverseDiagonal(l, m);
        var variances = new double[m];
        var logDet = 0.0;
        for (var a = 0; a < m; a++)
        {
            variances[a] = inverseDiagonal[a] - basis.Sum(v => v[a] * v[a]);
            logDet += 2 * Math.Log(l[a * m + a]);
        }

        return (variances, logDet, (long)m * (m + 1) / 2);
    }

    /// <summary>diag((LLᵀ)⁻¹) = column sums of squares of L⁻¹, by forward substitution one column at a time.</summary>
    private static double[] InverseDiagonal(double[] l, int m)
    {
        var diagonal = new double[m];
        var column = new double[m];
        for (var j = 0; j < m; j++)
        {
            column[j] = 1 / l[j * m + j];
            var sumSquares = column[j] * column[j];
            for (var i = j + 1; i < m; i++)
            {
                var sum = 0.0;
                for (var k = j; k < i; k++)
                {
                    sum += l[i * m + k] * column[k];
                }

                column[i] = -sum / l[i * m + i];
                sumSquares += column[i] * column[i];
            }

            diagonal[j] = sumSquares;
        }

        return diagonal;
    }
}
