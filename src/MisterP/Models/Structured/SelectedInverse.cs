namespace MisterP.Models.Structured;

/// <summary>
/// The entries of Σ = A⁻¹ inside the envelope of A's Cholesky factor, by the Takahashi recursions (Takahashi, Fagan
/// &amp; Chen 1973; Rue &amp; Held 2005 §2.3.1; Rue &amp; Martino 2007): for j ≥ i with Lⱼᵢ in the pattern,
/// Σⱼᵢ = δᵢⱼ/Lᵢᵢ² − (1/Lᵢᵢ)·Σₖ Lₖᵢ·Σₖⱼ over k &gt; i with Lₖᵢ in the pattern, from the last row up. Every Σₖⱼ the
/// sum needs lies in the envelope again (Firstₖ ≤ i ≤ j and Firstⱼ ≤ i &lt; k), so the marginal variances come at the
/// cost of the factorization, without forming the dense inverse.
/// </summary>
internal static class SelectedInverse
{
    /// <summary>diag(A⁻¹) from A's envelope Cholesky factor.</summary>
    public static double[] Diagonal(EnvelopeCholesky factor)
    {
        var n = factor.Size;
        var (columnStart, columnRows) = Columns(factor);
        var sigma = new double[factor.Values.Length];
        var diagonal = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var lii = factor.Diagonal(i);

            // j runs over the pattern of column i from the bottom up, then j = i (which uses the Σₖᵢ just computed).
            for (var p = columnStart[i + 1] - 1; p >= columnStart[i] - 1; p--)
            {
                var j = p >= columnStart[i] ? columnRows[p] : i;
                var sum = 0.0;
                for (var q = columnStart[i]; q < columnStart[i + 1]; q++)
                {
                    var k = columnRows[q];
                    sum += factor.Values[factor.Index(k, i)] * sigma[k >= j ? factor.Index(k, j) : factor.Index(j, k)];
                }

                sigma[factor.Index(j, i)] = (j == i ? 1 / lii : 0) / lii - sum / lii;
            }

            diagonal[i] = sigma[factor.Index(i, i)];
        }

        return diagonal;
    }

    /// <summary>The rows k &gt; i of column i inside the envelope (Firstₖ ≤ i), increasing, as flat CSC lists.</summary>
    private static (int[] Start, int[] Rows) Columns(EnvelopeCholesky factor)
    {
        var n = factor.Size;
        var start = new int[n + 1];
        for (var k = 0; k < n; k++)
        {
            for (var c = factor.First[k]; c < k; c++)
            {
                start[c + 1]++;
            }
        }

        for (var c = 0; c < n; c++)
        {
            start[c + 1] += start[c];
        }

        var rows = new int[start[n]];
        var fill = start[..n];
        for (var k = 0; k < n; k++)
        {
            for (var c = factor.First[k]; c < k; c++)
            {
                rows[fill[c]++] = k;
            }
        }

        return (start, rows);
    }
}
