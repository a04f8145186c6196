using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MisterP.Families;

/// <summary>
/// <see cref="LogitCells"/>' kernel on 512-bit vectors, line for line the same arithmetic (same polynomials, same
/// reductions), for AVX-512 machines where Vector&lt;T&gt; stays at 256 bits.
/// </summary>
internal static class LogitCellsWide
{
    /// <summary>The kernel over the whole 512-bit blocks of the cells; <paramref name="done"/> counts them.</summary>
    internal static double Whole(ReadOnlySpan<double> eta, ReadOnlySpan<double> successes, ReadOnlySpan<double> trials, Span<double> dEta, out int done)
    {
        var length = eta.Length;
        var width = Vector512<double>.Count;
        var one = Vector512<double>.One;
        var two = Vector512.Create(2.0);
        var zero = Vector512<double>.Zero;
        var sum = zero;
        ref var etaRef = ref MemoryMarshal.GetReference(eta);
        ref var kRef = ref MemoryMarshal.GetReference(successes);
        ref var nRef = ref MemoryMarshal.GetReference(trials);
        ref var dRef = ref MemoryMarshal.GetReference(dEta);
        var whole = length - length % width;

        // Two passes (e = exp(−|η|) parked in dEta, then the rest): each loop body is short enough that the
        // processor overlaps many iterations, where one long fused body would wait on its own dependency chain.
        for (var i = 0; i < whole; i += width)
        {
            var offset = (nuint)i;
            ExpNonPositive(-Vector512.Abs(Vector512.LoadUnsafe(ref etaRef, offset))).StoreUnsafe(ref dRef, offset);
        }

        for (var i = 0; i < whole; i += width)
        {
            var offset = (nuint)i;
            var h = Vector512.LoadUnsafe(ref etaRef, offset);
            var k = Vector512.LoadUnsafe(ref kRef, offset);
            var n = Vector512.LoadUnsafe(ref nRef, offset);
            var e = Vector512.LoadUnsafe(ref dRef, offset);
            // One division serves both log1p's s = f/(2 + f) and μ = (η ≥ 0 ? 1 : e)/(1 + e).
            var big = Vector512.GreaterThan(e, Vector512.Create(LogitCells.Sqrt2Minus1));
            var f = Vector512.ConditionalSelect(big, 0.5 * (e - one), e);
            var onePlusE = one + e;
            var twoPlusF = two + f;
            var q = one / (onePlusE * twoPlusF);
            var s = f * onePlusE * q;
            var mu = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(h, zero), one, e) * twoPlusF * q;
            var log1p = Log1pUnit(f, s, big);
            (k - n * mu).StoreUnsafe(ref dRef, offset);
            // max(η, 0) = (η + |η|)/2, exactly.
            sum += k * h - n * (0.5 * (h + Vector512.Abs(h)) + log1p);
        }

        done = whole;
        return Vector512.Sum(sum);
    }


    /// <summary>
    /// exp(x) for x ≤ 0 (clamped at −700, where e^x is already below 10⁻³⁰⁰): x = n·ln 2 + r with |r| ≤ ln 2 / 2,
    /// e^r by its Taylor polynomial to r¹³ (truncation below 10⁻¹⁷), and 2ⁿ put into the exponent bits. The integer
    /// n comes from adding 1.5·2⁵² (round to nearest in the mantissa), as in Cody &amp; Waite's reduction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> ExpNonPositive(Vector512<double> x)
    {
        const double shifter = 6755399441055744.0; // 1.5·2⁵²
        x = Vector512.Max(x, Vector512.Create(-700.0));
        var t = Vector512.FusedMultiplyAdd(x, Vector512.Create(1.4426950408889634074), Vector512.Create(shifter));
        var n = t - Vector512.Create(shifter);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-LogitCells.Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-LogitCells.Ln2Lo), r);
        // Estrin's scheme: pairs, then quads and octets, so the polynomial is four multiply-adds deep, not thirteen.
        var r2 = r * r;
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var p01 = r + Vector512<double>.One;
        var p23 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 6), Vector512.Create(0.5));
        var p45 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 120), Vector512.Create(1.0 / 24));
        var p67 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 5040), Vector512.Create(1.0 / 720));
        var p89 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 362880), Vector512.Create(1.0 / 40320));
        var p1011 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 39916800), Vector512.Create(1.0 / 3628800));
        var p1213 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 6227020800), Vector512.Create(1.0 / 479001600));
        var q0 = Vector512.FusedMultiplyAdd(p23, r2, p01);
        var q1 = Vector512.FusedMultiplyAdd(p67, r2, p45);
        var q2 = Vector512.FusedMultiplyAdd(p1011, r2, p89);
        var o0 = Vector512.FusedMultiplyAdd(q1, r4, q0);
        var o1 = Vector512.FusedMultiplyAdd(p1213, r4, q2);
        var p = Vector512.FusedMultiplyAdd(o1, r8, o0);
        // t's bits are those of 1.5·2⁵² plus n; 2ⁿ has exponent field n + 1023.
        var bits = Vector512.AsInt64(t) - Vector512.Create(0x4338000000000000L - 1023);
        return p * Vector512.AsDouble(Vector512.ShiftLeft(bits, 52));
    }

    /// <summary>
    /// log(1 + e) for e ∈ [0, 1], given f and s = f/(2 + f): 1 + e = 2ᵏ(1 + f) with k = 1 above √2 − 1 (then
    /// f = (e − 1)/2), and log(1 + f) = f − f²/2 + s(f²/2 + R(s²)) with fdlibm's minimax coefficients for R
    /// (Sun Microsystems' e_log.c, error below 1 ulp for |s| ≤ 0.1716, which covers f ∈ (−0.293, 0.415)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Log1pUnit(Vector512<double> f, Vector512<double> s, Vector512<double> big)
    {
        var z = s * s;
        var w = z * z;
        var odd = Vector512.FusedMultiplyAdd(w, Vector512.Create(1.479819860511658591e-01), Vector512.Create(1.818357216161805012e-01));
        odd = Vector512.FusedMultiplyAdd(w, odd, Vector512.Create(2.857142874366239149e-01));
        odd = Vector512.FusedMultiplyAdd(w, odd, Vector512.Create(6.666666666666735130e-01));
        var even = Vector512.FusedMultiplyAdd(w, Vector512.Create(1.531383769920937332e-01), Vector512.Create(2.222219843214978396e-01));
        even = Vector512.FusedMultiplyAdd(w, even, Vector512.Create(3.999999999940941908e-01));
        var r = z * odd + w * even;
        var halfSquare = 0.5 * f * f;
        var k = Vector512.ConditionalSelect(big, Vector512<double>.One, Vector512<double>.Zero);
        return k * LogitCells.Ln2Hi - ((halfSquare - (s * (halfSquare + r) + k * LogitCells.Ln2Lo)) - f);
    }
}
