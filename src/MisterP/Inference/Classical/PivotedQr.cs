namespace MisterP.Inference.Classical;

/// <summary>
/// Householder QR of a weighted design with R's limited column pivoting (LINPACK dqrdc2, as lm.fit and glm.fit use):
/// a column whose norm, after removing the earlier columns, falls below tol × its original norm is aliased and moved
/// to the end, so rank-deficient models drop the same coefficients R reports as NA.
/// </summary>
internal sealed class PivotedQr
{
    private readonly double[] _qr;
    private readonly double[] _tau;
    private readonly int _n;

    private readonly double[] _diagonal;

    private PivotedQr(double[] qr, double[] tau, double[] diagonal, int n, int[] pivot, int rank)
    {
        _qr = qr;
        _tau = tau;
        _diagonal = diagonal;
        _n = n;
        Pivot = pivot;
        Rank = rank;
    }

    /// <summary>Original column index of each position; the first <see cref="Rank"/> are estimable.</summary>
    public int[] Pivot { get; }

    public int Rank { get; }

    /// <summary>Factorizes the n × p matrix <paramref name="a"/> (row-major; not modified).</summary>
    public static PivotedQr Factor(double[] a, int n, int p, double tolerance = 1e-7)
    {
        // Column-major copy in pivoted order.
        var order = Enumerable.Range(0, p).ToList();
        var columns = order.Select(j => Enumerable.Range(0, n).Select(i => a[i * p + j]).ToArray()).ToList();
        var originalNorms = columns.Select(Norm).ToList();
        var tau = new List<double>();
        var diagonal = new List<double>();
        var rank = 0;
        var k = 0;
        var limit = p;
        while (k < limit)
        {
            var column = columns[k];
            var norm = 0.0;
            for (var i = rank; i < n; i++)
            {
                norm += column[i] * column[i];
            }

            norm = Math.Sqrt(norm);
            if (rank >= n || norm < tolerance * Math.Max(originalNorms[k], double.Epsilon) || originalNorms[k] == 0)
            {
                // Aliased: cycle to the end, as dqrdc2 does.
                columns.Add(column);
                columns.RemoveAt(k);
                originalNorms.Add(originalNorms[k]);
                originalNorms.RemoveAt(k);
                order.Add(order[k]);
                order.RemoveAt(k);
                limit--;
                continue;
            }

            // Householder reflection zeroing rows below `rank` of this column.
            var alpha = column[rank] > 0 ? -norm : norm;
            var v0 = column[rank] - alpha;
            var vNorm2 = v0 * v0;
            for (var i = rank + 1; i < n; i++)
            {
                vNorm2 += column[i] * column[i];
            }

            var t = vNorm2 == 0 ? 0 : 2 / vNorm2;
            column[rank] = v0;
            for (var j = k + 1; j < columns.Count; j++)
            {
                Reflect(column, t, columns[j], rank, n);
            }

            // The column now holds the Householder vector below and R's off-diagonal entries above; R's diagonal is alpha.
            tau.Add(t);
            diagonal.Add(alpha);
            rank++;
            k++;
        }

        var packed = new double[n * p];
        for (var j = 0; j < p; j++)
        {
            Array.Copy(columns[j], 0, packed, j * n, n);
        }

        return new PivotedQr(packed, [.. tau], [.. diagonal], n, [.. order], rank);
    }

    private static void Reflect(double[] v, double t, double[] target, int start, int n)
    {
        var dot = 0.0;
        for (var i = start; i < n; i++)
        {
            dot += v[i] * target[i];
        }

        dot *= t;
        for (var i = start; i < n; i++)
        {
            target[i] -= dot * v[i];
        }
    }

    private static double Norm(double[] x) => Math.Sqrt(x.Sum(v => v * v));

    /// <summary>Qᵀy (a copy).</summary>
    private double[] QtY(double[] y)
    {
        var r = (double[])y.Clone();
        for (var k = 0; k < Rank; k++)
        {
            var v = new ReadOnlySpan<double>(_qr, k * _n, _n);
            var dot = 0.0;
            for (var i = k; i < _n; i++)
            {
                dot += v[i] * r[i];
            }

            dot *= _tau[k];
            for (var i = k; i < _n; i++)
            {
                r[i] -= dot * v[i];
            }
        }

        return r;
    }

    /// <summary>R's entry (row i, column j in pivoted order), i ≤ j &lt; Rank.</summary>
    private double R(int i, int j) => i == j ? _diagonal[i] : _qr[j * _n + i];

    /// <summary>Least-squares coefficients for the estimable columns, in original column order (NaN for aliased).</summary>
    public double[] Solve(double[] y, int p)
    {
        var qty = QtY(y);
        var b = new double[Rank];
        for (var i = Rank - 1; i >= 0; i--)
        {
            var s = qty[i];
            for (var j = i + 1; j < Rank; j++)
            {
                s -= R(i, j) * b[j];
            }

            b[i] = s / R(i, i);
        }

        var beta = Enumerable.Repeat(double.NaN, p).ToArray();
        for (var k = 0; k < Rank; k++)
        {
            beta[Pivot[k]] = b[k];
        }

        return beta;
    }

    /// <summary>(RᵀR)⁻¹ over the estimable columns, expanded to p × p in original order (NaN for aliased).</summary>
    public double[] UnscaledCovariance(int p)
    {
        var rInv = new double[Rank * Rank];
        for (var j = 0; j < Rank; j++)
        {
            rInv[j * Rank + j] = 1 / R(j, j);
            for (var i = j - 1; i >= 0; i--)
            {
                var s = 0.0;
                for (var k = i + 1; k <= j; k++)
                {
                    s += R(i, k) * rInv[k * Rank + j];
                }

                rInv[i * Rank + j] = -s / R(i, i);
            }
        }

        var cov = Enumerable.Repeat(double.NaN, p * p).ToArray();
        for (var a = 0; a < Rank; a++)
        {
            for (var b = 0; b < Rank; b++)
            {
                var s = 0.0;
                for (var k = Math.Max(a, b); k < Rank; k++)
                {
                    s += rInv[a * Rank + k] * rInv[b * Rank + k];
                }

                cov[Pivot[a] * p + Pivot[b]] = s;
            }
        }

        return cov;
    }
}
