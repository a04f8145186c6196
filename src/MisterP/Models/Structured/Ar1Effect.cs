using MisterP.Priors;

namespace MisterP.Models.Structured;

/// <summary>
/// A stationary AR(1) over ordered levels, non-centered: u₀ = σz₀, u_t = ρu_{t−1} + σ√(1 − ρ²)·z_t with z ~ N(0, I),
/// so every u_t has sd σ and corr(u_s, u_t) = ρ^|s−t|. The extra coordinate is atanh ρ; ρ's prior is evaluated at
/// (ρ + 1)/2 for a beta prior (beta(1, 1) = uniform on (−1, 1), the default) and at ρ otherwise, plus the Jacobian
/// log(1 − ρ²).
/// </summary>
internal sealed class Ar1Effect(int levels, PriorDistribution rhoPrior) : IStructuredEffect
{
    private readonly double[] _carry = new double[levels];
    private double _sigma;
    private double _rho;

    public int Levels => levels;

    public int LatentCount => levels;

    public int ExtraCount => 1;

    /// <summary>Centered log density of u given σ and ρ (tests): N(u₀; 0, σ²)·Π N(u_t; ρu_{t−1}, σ²(1 − ρ²)).</summary>
    public static double LogDensity(ReadOnlySpan<double> u, double sigma, double rho)
    {
        var lp = -0.5 * Math.Log(2 * Math.PI * sigma * sigma) - 0.5 * u[0] * u[0] / (sigma * sigma);
        var innovation = sigma * sigma * (1 - rho * rho);
        for (var t = 1; t < u.Length; t++)
        {
            var e = u[t] - rho * u[t - 1];
            lp -= 0.5 * Math.Log(2 * Math.PI * innovation) + 0.5 * e * e / innovation;
        }

        return lp;
    }

    public double Forward(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, ReadOnlySpan<double> information, Span<double> u, Span<double> latentGradient, Span<double> extraGradient, ref double logSigmaGradient)
    {
        _sigma = sigma;
        _rho = Correlation(extra);
        var lp = 0.0;
        for (var t = 0; t < levels; t++)
        {
            lp -= 0.5 * latent[t] * latent[t];
            latentGradient[t] -= latent[t];
        }

        var beta = rhoPrior.Family == "beta";
        lp += rhoPrior.LogDensity(beta ? (_rho + 1) / 2 : _rho, out var d) + Math.Log(1 - _rho * _rho);
        extraGradient[0] += (beta ? d / 2 : d) * (1 - _rho * _rho) - 2 * _rho;
        Effects(latent, extra, sigma, information, u);
        return lp;
    }

    public double Backward(ReadOnlySpan<double> gradientU, ReadOnlySpan<double> u, Span<double> latentGradient, Span<double> extraGradient)
    {
        // a_t = ∂ℓ/∂u_t through u_t and every later u (u_{t+1} depends on u_t with weight ρ).
        var innovation = _sigma * Math.Sqrt(1 - _rho * _rho);
        var dLogSigma = 0.0;
        var dRho = 0.0;
        var carry = 0.0;
        for (var t = levels - 1; t >= 0; t--)
        {
            carry = gradientU[t] + _rho * carry;
            _carry[t] = carry;
            dLogSigma += gradientU[t] * u[t];
        }

        latentGradient[0] += _sigma * _carry[0];
        for (var t = 1; t < levels; t++)
        {
            latentGradient[t] += innovation * _carry[t];

            // ∂u_t/∂ρ (direct) = u_{t−1} − σρ/√(1 − ρ²)·z_t, with σz_t = (u_t − ρu_{t−1})/√(1 − ρ²).
            var z = (u[t] - _rho * u[t - 1]) / innovation;
            dRho += _carry[t] * (u[t - 1] - _sigma * _rho / Math.Sqrt(1 - _rho * _rho) * z);
        }

        extraGradient[0] += dRho * (1 - _rho * _rho);
        return dLogSigma;
    }

    public double Correlation(ReadOnlySpan<double> extra) => Math.Tanh(extra[0]);

    public void Effects(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, ReadOnlySpan<double> information, Span<double> u)
    {
        var rho = Correlation(extra);
        var innovation = sigma * Math.Sqrt(1 - rho * rho);
        u[0] = sigma * latent[0];
        for (var t = 1; t < levels; t++)
        {
            u[t] = rho * u[t - 1] + innovation * latent[t];
        }
    }

    public IStructuredEffect Fork() => new Ar1Effect(levels, rhoPrior);
}
