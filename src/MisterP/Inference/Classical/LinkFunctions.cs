using MisterP.Families;

namespace MisterP.Inference.Classical;

/// <summary>Link, inverse link and dμ/dη, with R's clamping so IRLS stays finite (family.R: binomial()$linkinv).</summary>
internal static class LinkFunctions
{
    private const double Epsilon = 2.220446049250313e-16;

    public static double Inverse(Link link, double eta) => link switch
    {
        Link.Identity => eta,
        Link.Log => Math.Max(Math.Exp(eta), Epsilon),
        // R clamps η at ±(−log ε) so fitted probabilities can reach ε from 0 and 1 (what the separation check looks for).
        Link.Logit => 1 / (1 + Math.Exp(-Math.Clamp(eta, -36.04365338911715, 36.04365338911715))),
        Link.Probit => Math.Clamp(Normal.Cdf(eta), Epsilon, 1 - Epsilon),
        Link.CLogLog => Math.Clamp(-Expm1(-Math.Exp(eta)), Epsilon, 1 - Epsilon),
        _ => throw new ArgumentOutOfRangeException(nameof(link)),
    };

    public static double Apply(Link link, double mu) => link switch
    {
        Link.Identity => mu,
        Link.Log => Math.Log(mu),
        Link.Logit => Math.Log(mu / (1 - mu)),
        Link.Probit => Normal.Quantile(mu),
        Link.CLogLog => Math.Log(-Math.Log(1 - mu)),
        _ => throw new ArgumentOutOfRangeException(nameof(link)),
    };

    public static double MuEta(Link link, double eta) => link switch
    {
        Link.Identity => 1,
        Link.Log => Math.Max(Math.Exp(eta), Epsilon),
        Link.Logit => Math.Max(Math.Exp(-Math.Abs(eta)) / Math.Pow(1 + Math.Exp(-Math.Abs(eta)), 2), Epsilon),
        Link.Probit => Math.Max(Math.Exp(-0.5 * eta * eta) / Math.Sqrt(2 * Math.PI), Epsilon),
        Link.CLogLog => Math.Max(Math.Exp(eta - Math.Exp(Math.Min(eta, 700))), Epsilon),
        _ => throw new ArgumentOutOfRangeException(nameof(link)),
    };

    /// <summary>exp(x) − 1 without cancellation near 0.</summary>
    private static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x + 0.5 * x * x + x * x * x / 6 : Math.Exp(x) - 1;
}

/// <summary>Standard normal CDF and quantile (MathNet's, which are accurate to double precision).</summary>
internal static class Normal
{
    public static double Cdf(double x) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, x);

    public static double Quantile(double p) => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p);
}
