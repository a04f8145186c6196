namespace MisterP.Models.Structured;

/// <summary>RW1, RW2 or ICAR effects: u = σ·(I − VVᵀ)φ with φ from <see cref="IntrinsicGmrf.LatentLogDensity"/>.</summary>
internal sealed class IntrinsicEffect(IntrinsicGmrf gmrf) : IStructuredEffect
{
    private readonly double[] _scratch = new double[gmrf.Size];
    private double _sigma;

    public IntrinsicGmrf Field => gmrf;

    public int Levels => gmrf.Size;

    public int LatentCount => gmrf.Size;

    public int ExtraCount => 0;

    public double Forward(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, Span<double> u, Span<double> latentGradient, Span<double> extraGradient)
    {
        _sigma = sigma;
        var lp = gmrf.LatentLogDensity(latent, latentGradient, _scratch);
        Effects(latent, extra, sigma, u);
        return lp;
    }

    public double Backward(ReadOnlySpan<double> gradientU, ReadOnlySpan<double> u, Span<double> latentGradient, Span<double> extraGradient)
    {
        var dLogSigma = 0.0;
        for (var i = 0; i < Levels; i++)
        {
            dLogSigma += gradientU[i] * u[i];
            _scratch[i] = gradientU[i];
        }

        gmrf.Project(_scratch);
        for (var i = 0; i < Levels; i++)
        {
            latentGradient[i] += _sigma * _scratch[i];
        }

        return dLogSigma;
    }

    public double Correlation(ReadOnlySpan<double> extra) => double.NaN;

    public void Effects(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, Span<double> u)
    {
        latent[..Levels].CopyTo(u);
        gmrf.Project(u[..Levels]);
        for (var i = 0; i < Levels; i++)
        {
            u[i] *= sigma;
        }
    }

    public IStructuredEffect Fork() => new IntrinsicEffect(gmrf);
}
