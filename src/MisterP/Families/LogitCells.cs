using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MisterP.Families;

/// <summary>
/// The binomial-logit log-likelihood of many cells at once, the hot path of every MRP model: one fused SIMD pass
/// computing ℓ = Σ kη − n·softplus(η) and dℓ/dη = k − nμ, with softplus(η) = max(η, 0) + log1p(e) and
/// μ = (η ≥ 0 ? 1 : e)/(1 + e) from a single e = exp(−|η|) ∈ (0, 1] (stable for any η). Because e never exceeds
/// 1, exp and log1p need no special cases and are evaluated inline (about 1 ulp; see <see cref="ExpNonPositive"/>
/// and <see cref="Log1pUnit"/>). Likelihood weights fold into k and n.
/// </summary>
public static class LogitCells
{
    /// <summary>Returns Σ ℓ and writes dℓ/dη; cells beyond the last whole vector take the scalar kernel.</summary>
    public static double LogLikelihood(ReadOnlySpan<double> eta, ReadOnlySpan<double> successes, ReadOnlySpan<double> trials, Span<double> dEta)
    {
        var length = eta.Length;
        if (successes.Length != length || trials.Length != length || dEta.Length != length)
        {
            throw new ArgumentException("Cell arrays differ in length.");
        }

        // Vector<T> stays at 256 bits on AVX-512 machines; the 512-bit kernel halves the instructions per cell there.
        var done = 0;
        var lp = 0.0;
        if (Vector512.IsHardwareAccelerated && Vector<double>.Count < Vector512<double>.Count)
        {
            lp += LogitCellsWide.Whole(eta, successes, trials, dEta, out done);
        }

        lp += Whole(eta[done..], successes[done..], trials[done..], dEta[done..], out var portable);
        done += portable;
        for (var i = done; i < length; i++)
        {
            lp += CellLikelihood.BinomialLogit(successes[i], trials[i], eta[i], out dEta[i]);
        }

        return lp;
    }

    /// <summary>The kernel over the whole Vector&lt;double&gt; blocks of the cells; <paramref name="done"/> counts them.</summary>
    internal static double Whole(ReadOnlySpan<double> eta, ReadOnlySpan<double> successes, ReadOnlySpan<double> trials, Span<double> dEta, out int done)
    {
        var length = eta.Length;
        var width = Vector<double>.Count;
        var sum = Vector<double>.Zero;
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
            ExpNonPositive(-Vector.Abs(Vector.LoadUnsafe(ref etaRef, offset))).StoreUnsafe(ref dRef, offset);
        }

        for (var i = 0; i < whole; i += width)
        {
            var offset = (nuint)i;
            var h = Vector.LoadUnsafe(ref etaRef, offset);
            var k = Vector.LoadUnsafe(ref kRef, offset);
            var n = Vector.LoadUnsafe(ref nRef, offset);
            var e = Vector.LoadUnsafe(ref dRef, offset);
            var log1p = Log1pAndSigmoid(h, e, out var mu);
            (k - n * mu).StoreUnsafe(ref dRef, offset);
            // max(η, 0) = (η + |η|)/2, exactly.
            sum += k * h - n * (0.5 * (h + Vector.Abs(h)) + log1p);
        }

        done = whole;
        return Vector.Sum(sum);
    }


    /// <summary>
    /// softplus(x) = log(1 + eˣ) and σ(x) elementwise, by the same single-exponential SIMD kernel (the cumulative
    /// logit's per-threshold terms); the tail past the last whole vector is computed in scalar.
    /// </summary>
    public static void SoftplusAndSigmoid(ReadOnlySpan<double> x, Span<double> softplus, Span<double> sigmoid)
    {
        var length = x.Length;
        if (softplus.Length < length || sigmoid.Length < length)
        {
            throw new ArgumentException("Output arrays are shorter than the input.");
        }

        var width = Vector<double>.Count;
        ref var xRef = ref MemoryMarshal.GetReference(x);
        ref var spRef = ref MemoryMarshal.GetReference(softplus);
        ref var sgRef = ref MemoryMarshal.GetReference(sigmoid);
        var whole = length - length % width;
        for (var i = 0; i < whole; i += width)
        {
            var offset = (nuint)i;
            var h = Vector.LoadUnsafe(ref xRef, offset);
            var log1p = Log1pAndSigmoid(h, ExpNonPositive(-Vector.Abs(h)), out var sigmoidOfH);
            sigmoidOfH.StoreUnsafe(ref sgRef, offset);
            (0.5 * (h + Vector.Abs(h)) + log1p).StoreUnsafe(ref spRef, offset);
        }

        for (var i = whole; i < length; i++)
        {
            var e = Math.Exp(-Math.Abs(x[i]));
            softplus[i] = Math.Max(x[i], 0) + Math.Log(1 + e);
            sigmoid[i] = x[i] >= 0 ? 1 / (1 + e) : e / (1 + e);
        }
    }


    /// <summary>
    /// log(1 + e) and σ(h) = (h ≥ 0 ? 1 : e)/(1 + e), given e = exp(−|h|): one division serves both log1p's
    /// s = f/(2 + f) and σ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<double> Log1pAndSigmoid(Vector<double> h, Vector<double> e, out Vector<double> sigmoid)
    {
        var one = Vector<double>.One;
        var big = Vector.GreaterThan(e, new Vector<double>(Sqrt2Minus1));
        var f = Vector.ConditionalSelect(big, 0.5 * (e - one), e);
        var onePlusE = one + e;
        var twoPlusF = new Vector<double>(2) + f;
        var q = one / (onePlusE * twoPlusF);
        var s = f * onePlusE * q;
        sigmoid = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(h, Vector<double>.Zero), one, e) * twoPlusF * q;
        return Log1pUnit(f, s, big);
    }

    internal const double Sqrt2Minus1 = 0.41421356237309504880;
    internal const double Ln2Hi = 6.93147180369123816490e-01;
    internal const double Ln2Lo = 1.90821492927058770002e-10;

    /// <summary>
    /// exp(x) for x ≤ 0 (clamped at −700, where e^x is already below 10⁻³⁰⁰): x = n·ln 2 + r with |r| ≤ ln 2 / 2,
    /// e^r by its Taylor polynomial to r¹³ (truncation below 10⁻¹⁷), and 2ⁿ put into the exponent bits. The integer
    /// n comes from adding 1.5·2⁵² (round to nearest in the mantissa), as in Cody &amp; Waite's reduction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<double> ExpNonPositive(Vector<double> x)
    {
        const double shifter = 6755399441055744.0; // 1.5·2⁵²
        x = Vector.Max(x, new Vector<double>(-700));
        var t = Vector.FusedMultiplyAdd(x, new Vector<double>(1.4426950408889634074), new Vector<double>(shifter));
        var n = t - new Vector<double>(shifter);
        var r = Vector.FusedMultiplyAdd(n, new Vector<double>(-Ln2Hi), x);
        r = Vector.FusedMultiplyAdd(n, new Vector<double>(-Ln2Lo), r);
        // Estrin's scheme: pairs, then quads and octets, so the polynomial is four multiply-adds deep, not thirteen.
        var r2 = r * r;
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var p01 = r + Vector<double>.One;
        var p23 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 6), new Vector<double>(0.5));
        var p45 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 120), new Vector<double>(1.0 / 24));
        var p67 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 5040), new Vector<double>(1.0 / 720));
        var p89 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 362880), new Vector<double>(1.0 / 40320));
        var p1011 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 39916800), new Vector<double>(1.0 / 3628800));
        var p1213 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 6227020800), new Vector<double>(1.0 / 479001600));
        var q0 = Vector.FusedMultiplyAdd(p23, r2, p01);
        var q1 = Vector.FusedMultiplyAdd(p67, r2, p45);
        var q2 = Vector.FusedMultiplyAdd(p1011, r2, p89);
        var o0 = Vector.FusedMultiplyAdd(q1, r4, q0);
        var o1 = Vector.FusedMultiplyAdd(p1213, r4, q2);
        var p = Vector.FusedMultiplyAdd(o1, r8, o0);
        // t's bits are those of 1.5·2⁵² plus n; 2ⁿ has exponent field n + 1023.
        var bits = Vector.AsVectorInt64(t) - new Vector<long>(0x4338000000000000L - 1023);
        return p * Vector.AsVectorDouble(Vector.ShiftLeft(bits, 52));
    }

    /// <summary>
    /// log(1 + e) for e ∈ [0, 1], given f and s = f/(2 + f): 1 + e = 2ᵏ(1 + f) with k = 1 above √2 − 1 (then
    /// f = (e − 1)/2), and log(1 + f) = f − f²/2 + s(f²/2 + R(s²)) with fdlibm's minimax coefficients for R
    /// (Sun Microsystems' e_log.c, error below 1 ulp for |s| ≤ 0.1716, which covers f ∈ (−0.293, 0.415)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<double> Log1pUnit(Vector<double> f, Vector<double> s, Vector<long> big)
    {
        var z = s * s;
        var w = z * z;
        var odd = Vector.FusedMultiplyAdd(w, new Vector<double>(1.479819860511658591e-01), new Vector<double>(1.818357216161805012e-01));
        odd = Vector.FusedMultiplyAdd(w, odd, new Vector<double>(2.857142874366239149e-01));
        odd = Vector.FusedMultiplyAdd(w, odd, new Vector<double>(6.666666666666735130e-01));
        var even = Vector.FusedMultiplyAdd(w, new Vector<double>(1.531383769920937332e-01), new Vector<double>(2.222219843214978396e-01));
        even = Vector.FusedMultiplyAdd(w, even, new Vector<double>(3.999999999940941908e-01));
        var r = z * odd + w * even;
        var halfSquare = 0.5 * f * f;
        var k = Vector.ConditionalSelect(big, Vector<double>.One, Vector<double>.Zero);
        return k * Ln2Hi - ((halfSquare - (s * (halfSquare + r) + k * Ln2Lo)) - f);
    }
}
