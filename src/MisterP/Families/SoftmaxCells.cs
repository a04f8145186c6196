using System.Numerics;
using System.Runtime.InteropServices;

namespace MisterP.Families;

/// <summary>
/// The baseline-category (softmax) log-likelihood of many cells at once, the hot path of categorical and multinomial
/// models: per cell, ℓ = Σ_c n_c·η_c − N·log(1 + Σ_c e^{η_c}) over the non-reference categories c (the reference has
/// η = 0 and count n_0; N = Σ all counts), and dℓ/dη_c = n_c − N·p_c. The log-sum-exp is taken around m = max(0, η_c)
/// so no exponent exceeds 0 (Blanchard, Higham &amp; Higham 2021, "Accurately computing the log-sum-exp and softmax
/// functions"). SIMD across cells: each category is one flat array over the (padded) cells; no allocation.
/// </summary>
public static class SoftmaxCells
{
    /// <param name="eta">Per non-reference category, η over the cells (all of one length, padded to whole vectors).</param>
    /// <param name="counts">Per non-reference category, its counts over the cells (0 on padding).</param>
    /// <param name="totals">Per cell, N: the counts of every category, the reference's included (0 on padding).</param>
    /// <param name="dEta">Per non-reference category, receives dℓ/dη.</param>
    public static double LogLikelihood(double[][] eta, double[][] counts, double[] totals, double[][] dEta)
    {
        var length = totals.Length;
        var categories = eta.Length;
        var width = Vector<double>.Count;
        var whole = length - length % width;
        var sum = Vector<double>.Zero;
        var lp = 0.0;
        var n = MemoryMarshal.Cast<double, Vector<double>>(totals.AsSpan(0, whole));
        for (var v = 0; v < n.Length; v++)
        {
            var start = v * width;
            var m = Vector<double>.Zero;
            for (var c = 0; c < categories; c++)
            {
                m = Vector.Max(m, new Vector<double>(eta[c], start));
            }

            // s = e^{−m} + Σ e^{η_c − m}; the exps are parked in dEta, then turned into n_c − N·e^{η_c − m}/s.
            var s = Vector.Exp(-m);
            for (var c = 0; c < categories; c++)
            {
                var e = Vector.Exp(new Vector<double>(eta[c], start) - m);
                e.CopyTo(dEta[c], start);
                s += e;
            }

            var total = n[v];
            var cell = -total * (m + Vector.Log(s));
            var scale = total / s;
            for (var c = 0; c < categories; c++)
            {
                var count = new Vector<double>(counts[c], start);
                cell += count * new Vector<double>(eta[c], start);
                (count - scale * new Vector<double>(dEta[c], start)).CopyTo(dEta[c], start);
            }

            sum += cell;
        }

        lp += Vector.Sum(sum);
        for (var i = whole; i < length; i++)
        {
            lp += Cell(eta, counts, totals, dEta, i);
        }

        return lp;
    }

    /// <summary>One cell, scalar: the same sums as the vector kernel (for the remainder and for tests).</summary>
    internal static double Cell(double[][] eta, double[][] counts, double[] totals, double[][] dEta, int i)
    {
        var m = 0.0;
        for (var c = 0; c < eta.Length; c++)
        {
            m = Math.Max(m, eta[c][i]);
        }

        var s = Math.Exp(-m);
        for (var c = 0; c < eta.Length; c++)
        {
            s += Math.Exp(eta[c][i] - m);
        }

        var lse = m + Math.Log(s);
        var lp = -totals[i] * lse;
        for (var c = 0; c < eta.Length; c++)
        {
            lp += counts[c][i] * eta[c][i];
            dEta[c][i] = counts[c][i] - totals[i] * Math.Exp(eta[c][i] - lse);
        }

        return lp;
    }

    /// <summary>P(category k), k = 0 (reference) … K − 1, at the non-reference predictors <paramref name="eta"/> (length K − 1).</summary>
    public static void Probabilities(ReadOnlySpan<double> eta, Span<double> probabilities)
    {
        var m = 0.0;
        foreach (var e in eta)
        {
            m = Math.Max(m, e);
        }

        var s = probabilities[0] = Math.Exp(-m);
        for (var c = 0; c < eta.Length; c++)
        {
            s += probabilities[c + 1] = Math.Exp(eta[c] - m);
        }

        for (var k = 0; k <= eta.Length; k++)
        {
            probabilities[k] /= s;
        }
    }
}
