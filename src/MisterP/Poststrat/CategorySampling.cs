using MisterP.Numerics;

namespace MisterP.Poststrat;

/// <summary>Multinomial draws over an outcome's categories, for posterior predictive replication of ordinal cells.</summary>
internal static class CategorySampling
{
    /// <summary>
    /// Replaces the probabilities in <paramref name="values"/> by the counts of <paramref name="n"/> multinomial draws:
    /// successive binomials, category c taking Binomial(n left, p_c / probability left), the last the rest.
    /// </summary>
    public static void Multinomial(Xoshiro256 random, double n, Span<double> values)
    {
        var left = n;
        var mass = 1.0;
        for (var c = 0; c < values.Length; c++)
        {
            var p = values[c];
            var count = c == values.Length - 1 || mass <= 0 ? left : PredictiveSampling.Binomial(random, left, Math.Clamp(p / mass, 0, 1));
            mass -= p;
            left -= count;
            values[c] = count;
        }
    }
}
