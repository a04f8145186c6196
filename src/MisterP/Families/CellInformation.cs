namespace MisterP.Families;

/// <summary>Expected (Fisher) information about η carried by one cell: the IRLS weight (McCullagh &amp; Nelder 1989, §2.5).</summary>
public static class CellInformation
{
    /// <summary>The information of a cell whose mean response is <paramref name="mean"/>.</summary>
    /// <param name="family">The family.</param>
    /// <param name="link">The link.</param>
    /// <param name="size">Binomial: trials; other families: rows in the cell.</param>
    /// <param name="mean">E[y] per row (a probability for binomial families).</param>
    /// <param name="sigma">Gaussian residual sd (or the known se).</param>
    public static double AtMean(Family family, Link link, double size, double mean, double sigma)
    {
        switch (family)
        {
            case Family.Binomial or Family.Bernoulli:
                {
                    var mu = Math.Clamp(mean, 1e-6, 1 - 1e-6);
                    var variance = mu * (1 - mu);
                    var dMu = link switch
                    {
                        Link.Logit => variance,
                        Link.Probit => Math.Exp(-0.5 * Square(MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, mu))) / Math.Sqrt(2 * Math.PI),
                        _ => (1 - mu) * -Math.Log(1 - mu),
                    };
                    return size * dMu * dMu / variance;
                }

            case Family.Poisson:
                return size * Math.Max(mean, 1e-6);
            case Family.NegativeBinomial:
                // Shape unknown before fitting: that of a geometric (φ = 1).
                return size * Math.Max(mean, 1e-6) / (1 + Math.Max(mean, 1e-6));
            default:
                var slope = link == Link.Log ? mean : 1;
                return size * slope * slope / (sigma * sigma);
        }
    }

    private static double Square(double x) => x * x;
}
