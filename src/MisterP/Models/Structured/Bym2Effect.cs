using MisterP.Priors;

namespace MisterP.Models.Structured;

/// <summary>
/// BYM2 (Riebler, Sørbye, Simpson &amp; Rue 2016): u = σ·(√ρ·φ* + √(1 − ρ)·θ), φ* the scaled ICAR gmrf
/// (<see cref="IntrinsicGmrf"/>, i.e. φ/√s), θ ~ N(0, I), ρ ∈ (0, 1) the share of the variance that is spatial.
/// σ is then the total sd, comparable with an iid term's. Latent coordinates: φ (levels), then θ (levels); the
/// extra coordinate is logit ρ, with ρ's prior (beta(1, 1) by default, as brms's rhocar) and the Jacobian ρ(1 − ρ).
/// Islands keep only the iid part (<see cref="IntrinsicGmrf.IslandRule.Zero"/>).
/// </summary>
internal sealed class Bym2Effect(IntrinsicGmrf gmrf, PriorDistribution rhoPrior) : IStructuredEffect
{
    private readonly double[] _projected = new double[gmrf.Size];
    private readonly double[] _scratch = new double[gmrf.Size];
    private double _sigma;
    private double _rho;

    public IntrinsicGmrf Field => gmrf;

    public int Levels => gmrf.Size;

    public int LatentCount => 2 * gmrf.Size;

    public int ExtraCount => 1;

    public double Forward(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, ReadOnlySpan<double> information, Span<double> u, Span<double> latentGradient, Span<double> extraGradient, ref double logSigmaGradient)
    {
        var n = Levels;
        _sigma = sigma;
        _rho = Correlation(extra);
        var lp = gmrf.LatentLogDensity(latent[..n], latentGradient[..n], _scratch);
        for (var i = 0; i < n; i++)
        {
            var theta = latent[n + i];
            lp -= 0.5 * theta * theta;
            latentGradient[n + i] -= theta;
        }

        // logit ρ: prior density of ρ plus log ρ(1 − ρ); d/dlogit ρ = ρ(1 − ρ)·p'(ρ) + 1 − 2ρ.
        lp += rhoPrior.LogDensity(_rho, out var d) + Math.Log(_rho) + Math.Log(1 - _rho);
        extraGradient[0] += d * _rho * (1 - _rho) + 1 - 2 * _rho;
        Effects(latent, extra, sigma, information, u);
        latent[..n].CopyTo(_projected);
        gmrf.Project(_projected);
        return lp;
    }

    public double Backward(ReadOnlySpan<double> gradientU, ReadOnlySpan<double> u, Span<double> latentGradient, Span<double> extraGradient)
    {
        var n = Levels;
        var spatial = Math.Sqrt(_rho);
        var iid = Math.Sqrt(1 - _rho);
        var dLogSigma = 0.0;
        var dRho = 0.0;
        for (var i = 0; i < n; i++)
        {
            var g = gradientU[i];
            dLogSigma += g * u[i];
            _scratch[i] = g;
            latentGradient[n + i] += _sigma * iid * g;

            // We do not need θ here: u = σ(√ρ·φ* + √(1 − ρ)·θ), so σ√(1 − ρ)·θ = u − σ√ρ·φ*.
            var iidPart = u[i] - _sigma * spatial * _projected[i];
            dRho += g * (0.5 * _sigma * _projected[i] / spatial - 0.5 * iidPart / (1 - _rho));
        }

        gmrf.Project(_scratch);
        for (var i = 0; i < n; i++)
        {
            latentGradient[i] += _sigma * spatial * _scratch[i];
        }

        extraGradient[0] += dRho * _rho * (1 - _rho);
        return dLogSigma;
    }

    public double Correlation(ReadOnlySpan<double> extra) => 1 / (1 + Math.Exp(-extra[0]));

    public void Effects(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, ReadOnlySpan<double> information, Span<double> u)
    {
        var rho = Correlation(extra);
        latent[..Levels].CopyTo(u);
        gmrf.Project(u[..Levels]);
        var spatial = sigma * Math.Sqrt(rho);
        var iid = sigma * Math.Sqrt(1 - rho);
        for (var i = 0; i < Levels; i++)
        {
            u[i] = spatial * u[i] + iid * latent[Levels + i];
        }
    }

    public IStructuredEffect Fork() => new Bym2Effect(gmrf, rhoPrior);
}
