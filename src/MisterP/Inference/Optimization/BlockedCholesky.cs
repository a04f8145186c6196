using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MisterP.Inference.Optimization;

/// <summary>
/// Cholesky factorization A = LLᵀ (row-major, lower triangle read) of a matrix whose leading rows and columns form a
/// block-diagonal part: the penalized Hessian of a multilevel model with its largest group term first, whose levels
/// never share a cell. There L is block-diagonal too, so the dot products over those columns are skipped — for the
/// CCES model (51 states of 120 effects) this removes about 40% of the work.
/// </summary>
internal static class BlockedCholesky
{
    /// <param name="a">The symmetric matrix, n × n.</param>
    /// <param name="n">Its order.</param>
    /// <param name="l">The lower factor written (n², upper part zeroed).</param>
    /// <param name="leading">How many leading rows/columns are block-diagonal.</param>
    /// <param name="block">The width of those diagonal blocks (it divides <paramref name="leading"/>).</param>
    /// <returns>False when A is not positive definite.</returns>
    public static bool Factor(double[] a, int n, double[] l, int leading, int block)
    {
        Array.Clear(l, 0, n * n);
        for (var i = 0; i < n; i++)
        {
            var row = l.AsSpan(i * n, n);

            // Within the leading part, row i is nonzero only in its own block.
            var first = i < leading ? i / block * block : 0;
            for (var j = first; j <= i; j++)
            {
                var from = j < leading ? j / block * block : 0;
                var sum = a[i * n + j] - Dot(row[from..j], l.AsSpan(j * n + from, j - from));
                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        return false;
                    }

                    row[i] = Math.Sqrt(sum);
                }
                else
                {
                    row[j] = sum / l[j * n + j];
                }
            }
        }

        return true;
    }

    /// <summary>Σ aᵢbᵢ with SIMD, inlined: most rows here are short, so a call per dot product would dominate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var width = Vector<double>.Count;
        var sum = Vector<double>.Zero;
        var k = 0;
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b);
        for (; k + width <= a.Length; k += width)
        {
            sum += Vector.LoadUnsafe(ref ar, (nuint)k) * Vector.LoadUnsafe(ref br, (nuint)k);
        }

        var total = Vector.Sum(sum);
        for (; k < a.Length; k++)
        {
            total += Unsafe.Add(ref ar, k) * Unsafe.Add(ref br, k);
        }

        return total;
    }
}
