using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MisterP.Numerics;

/// <summary>Dense Cholesky factorization A = LLᵀ of a symmetric matrix (row-major), for metrics and Laplace approximations.</summary>
public static class Cholesky
{
    /// <summary>The lower factor, or null when A is not positive definite. Reads only A's lower triangle.</summary>
    public static double[]? Factor(double[] a, int n)
    {
        var l = new double[n * n];
        return Factor(a, n, l) ? l : null;
    }

    /// <summary>Writes the lower factor into <paramref name="l"/> (n², upper part zeroed); false when A is not positive definite.</summary>
    public static bool Factor(double[] a, int n, double[] l)
    {
        Array.Clear(l, 0, n * n);
        for (var i = 0; i < n; i++)
        {
            var rowI = l.AsSpan(i * n, n);
            for (var j = 0; j <= i; j++)
            {
                // Rows of L are contiguous, so Σ_k L[i,k]·L[j,k] is one vectorized dot product.
                var sum = a[i * n + j] - Dot(rowI[..j], l.AsSpan(j * n, j));
                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        return false;
                    }

                    rowI[i] = Math.Sqrt(sum);
                }
                else
                {
                    rowI[j] = sum / l[j * n + j];
                }
            }
        }

        return true;
    }

    /// <summary>Σ aᵢbᵢ with SIMD, inlined (the rows here are short, so a call per dot product would dominate).</summary>
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
