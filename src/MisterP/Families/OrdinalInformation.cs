namespace MisterP.Families;

/// <summary>
/// Expected (Fisher) information about η carried by one ordinal observation, at thresholds that reproduce the
/// sample's category shares p_k (η = 0): I = Σ_k (f(c_k) − f(c_{k−1}))² / p_k with f the link's density and
/// f(c_0) = f(c_K) = 0 (McCullagh 1980, §6). It plays the role of the IRLS weight in <see cref="CellInformation"/>.
/// </summary>
public static class OrdinalInformation
{
    /// <param name="categories">K, the number of categories.</param>
    /// <param name="counts">Per cell, the (weighted) count of each category, row-major <c>[cell * K + k]</c>.</param>
    /// <param name="link">The cumulative link.</param>
    public static double PerObservation(int categories, double[] counts, Link link)
    {
        var k = categories;
        var shares = new double[k];
        for (var i = 0; i < counts.Length; i++)
        {
            shares[i % k] += counts[i];
        }

        var total = shares.Sum();
        var information = 0.0;
        var cumulative = 0.0;
        var previousDensity = 0.0;
        for (var j = 0; j < k; j++)
        {
            var p = Math.Max(shares[j] / total, 1e-6);
            cumulative = Math.Min(cumulative + shares[j] / total, 1);
            var density = j == k - 1 ? 0 : Density(link, Math.Clamp(cumulative, 1e-6, 1 - 1e-6));
            information += (density - previousDensity) * (density - previousDensity) / p;
            previousDensity = density;
        }

        return information;
    }

    /// <summary>The link's density at the threshold whose cumulative probability is <paramref name="cdf"/>.</summary>
    private static double Density(Link link, double cdf) => link == Link.Probit
        ? Math.Exp(-0.5 * Math.Pow(MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, cdf), 2)) / Math.Sqrt(2 * Math.PI)
        : cdf * (1 - cdf);
}
