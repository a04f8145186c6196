using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;

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
    public static bool Factor(double[] a, int n, double[] l) => Factor(a, n, l, leading: 0, block: 1);

    /// <summary>
    /// The same for a matrix whose leading rows and columns form a block-diagonal part (the penalized Hessian of a
    /// multilevel model with its largest group term first, whose levels never share a cell): L is block-diagonal there
    /// too, so the dot products over those columns are skipped — about 40% of the work on the CCES model.
    /// </summary>
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

    /// <summary>(LLᵀ)⁻¹ from the lower factor <paramref name="l"/> (n², row-major), in a new array (<see cref="Invert"/>).</summary>
    public static double[] Inverse(double[] l, int n)
    {
        var inverse = new double[n * n];
        Invert(l, n, inverse, new double[n * n]);
        return inverse;
    }

    /// <summary>
    /// A⁻¹ = L⁻ᵀL⁻¹ from the lower factor <paramref name="l"/> (n², row-major), written in full to
    /// <paramref name="inverse"/>; <paramref name="scratch"/> (n²) receives L⁻¹. Row-oriented, so every inner loop is a
    /// contiguous axpy: row i of L⁻¹ is (eᵢ − Σ_{k&lt;i} L[i,k]·row k)/L[i,i], and A⁻¹ accumulates L⁻¹[k,i]·row k over k.
    /// About n³/2 multiply-adds.
    /// </summary>
    public static void Invert(double[] l, int n, double[] inverse, double[] scratch)
    {
        Array.Clear(scratch, 0, n * n);
        Array.Clear(inverse, 0, n * n);
        for (var i = 0; i < n; i++)
        {
            var row = scratch.AsSpan(i * n, i + 1);
            for (var k = 0; k < i; k++)
            {
                var lik = l[i * n + k];
                if (lik != 0)
                {
                    var source = scratch.AsSpan(k * n, k + 1);
                    TensorPrimitives.MultiplyAdd(source, -lik, row[..(k + 1)], row[..(k + 1)]);
                }
            }

            row[i] += 1;
            TensorPrimitives.Multiply(row, 1 / l[i * n + i], row);
        }

        for (var k = 0; k < n; k++)
        {
            var source = scratch.AsSpan(k * n, k + 1);
            for (var i = 0; i <= k; i++)
            {
                var lki = source[i];
                if (lki != 0)
                {
                    var target = inverse.AsSpan(i * n, k + 1);
                    TensorPrimitives.MultiplyAdd(source, lki, target, target);
                }
            }
        }
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
