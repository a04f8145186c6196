namespace MisterP.Families;

/// <summary>
/// Log-likelihood kernels of one cell and their derivatives with respect to the linear predictor η (DESIGN §2),
/// numerically stable in the tails. Parameter-free terms (log binomial coefficients, log y!, −½log 2π) are left to
/// the design's <c>ResponseData.LogLikelihoodConstant</c> (the design layer builds on this one, not the reverse).
/// </summary>
public static class CellLikelihood
{
    /// <summary>Binomial kernel k·log μ + (n − k)·log(1 − μ) for μ = g⁻¹(η); returns ℓ and writes dℓ/dη.</summary>
    public static double Binomial(Link link, double k, double n, double eta, out double dEta)
    {
        switch (link)
        {
            case Link.Logit:
                return BinomialLogit(k, n, eta, out dEta);

            case Link.Probit:
                {
                    var logPhi = LogNormalCdf(eta);
                    var logPhiC = LogNormalCdf(-eta);
                    dEta = (k > 0 ? k * InverseMills(eta) : 0) - (n - k > 0 ? (n - k) * InverseMills(-eta) : 0);
                    return (k > 0 ? k * logPhi : 0) + (n - k > 0 ? (n - k) * logPhiC : 0);
                }

            case Link.CLogLog:
                {
                    // μ = 1 − exp(−e^η): log(1 − μ) = −e^η, log μ = log(−expm1(−e^η)).
                    var e = Math.Exp(Math.Min(eta, 700));
                    var logMu = e < 1e-10 ? eta - 0.5 * e : Math.Log(-Expm1(-e));
                    var log1mMu = -e;
                    // d log μ / dη = e·exp(−e)/μ = e / expm1(e).
                    var dLogMu = e < 1e-10 ? 1 - 0.5 * e : e / Expm1(e);
                    dEta = (k > 0 ? k * dLogMu : 0) - (n - k) * e;
                    return (k > 0 ? k * logMu : 0) + (n - k > 0 ? (n - k) * log1mMu : 0);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(link), link, "Binomial models use logit, probit or cloglog.");
        }
    }

    /// <summary>
    /// The logit case, on the hot path of every MRP model: ℓ = kη − n·log(1 + e^η), dℓ/dη = k − nμ, from a single
    /// exp and log1p of −|η| (stable for any η).
    /// </summary>
    public static double BinomialLogit(double k, double n, double eta, out double dEta)
    {
        var e = Math.Exp(-Math.Abs(eta));
        var softplus = Math.Max(eta, 0) + Math.Log(1 + e);
        var mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
        dEta = k - n * mu;
        return k * eta - n * softplus;
    }

    /// <summary>
    /// Gaussian kernel over a cell of n rows with Σy and Σy²: −n·log σ − (Σy² − 2μΣy + nμ²)/(2σ²); writes dℓ/dη and
    /// dℓ/d log σ. Identity or log link.
    /// </summary>
    public static double Gaussian(Link link, double n, double sumY, double sumY2, double eta, double sigma, out double dEta, out double dLogSigma)
    {
        var mu = link == Link.Log ? Math.Exp(eta) : eta;
        var ss = Math.Max(sumY2 - 2 * mu * sumY + n * mu * mu, 0);
        var s2 = sigma * sigma;
        var dMu = (sumY - n * mu) / s2;
        dEta = link == Link.Log ? dMu * mu : dMu;
        dLogSigma = -n + ss / s2;
        return -n * Math.Log(sigma) - ss / (2 * s2);
    }

    /// <summary>Poisson kernel over n rows with total Σy: Σy·η − n·e^η (log link).</summary>
    public static double Poisson(double n, double sumY, double eta, out double dEta)
    {
        var mu = Math.Exp(eta);
        dEta = sumY - n * mu;
        return sumY * eta - n * mu;
    }

    /// <summary>
    /// Negative binomial (mean μ = e^η, shape φ) of one row without −log y!; writes dℓ/dη and dℓ/dφ.
    /// </summary>
    public static double NegativeBinomial(double y, double eta, double shape, out double dEta, out double dShape)
    {
        var mu = Math.Exp(eta);
        var logMuPhi = LogSumExp(eta, Math.Log(shape));
        var ll = MathNet.Numerics.SpecialFunctions.GammaLn(y + shape) - MathNet.Numerics.SpecialFunctions.GammaLn(shape)
                 + shape * Math.Log(shape) + y * eta - (y + shape) * logMuPhi;
        dEta = y - (y + shape) * mu / (mu + shape);
        dShape = Digamma(y + shape) - Digamma(shape) + Math.Log(shape) + 1 - logMuPhi - (y + shape) / (mu + shape);
        return ll;
    }

    /// <summary>E[y] for a linear predictor (probabilities for binomial families).</summary>
    public static double Mean(Link link, double eta) => link switch
    {
        Link.Identity => eta,
        Link.Log => Math.Exp(eta),
        Link.Logit => 1 / (1 + Math.Exp(-eta)),
        Link.Probit => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-eta / Math.Sqrt(2)),
        Link.CLogLog => -Expm1(-Math.Exp(eta)),
        _ => throw new ArgumentOutOfRangeException(nameof(link)),
    };

    private static double LogSumExp(double a, double b)
    {
        var m = Math.Max(a, b);
        return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
    }

    private static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x + 0.5 * x * x + x * x * x / 6 : Math.Exp(x) - 1;

    /// <summary>log Φ(x), accurate far into the lower tail (asymptotic series below −30).</summary>
    private static double LogNormalCdf(double x)
    {
        if (x > -30)
        {
            return Math.Log(0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2)));
        }

        var x2 = x * x;
        return -0.5 * x2 - Math.Log(-x) - 0.5 * Math.Log(2 * Math.PI) + Math.Log(1 - 1 / x2 + 3 / (x2 * x2));
    }

    /// <summary>φ(x)/Φ(x), the derivative of log Φ.</summary>
    private static double InverseMills(double x)
    {
        if (x > -30)
        {
            var phi = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
            return phi / (0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2)));
        }

        var x2 = x * x;
        return -x / (1 - 1 / x2 + 3 / (x2 * x2));
    }

    private static double Digamma(double x) => MathNet.Numerics.SpecialFunctions.DiGamma(x);
}
