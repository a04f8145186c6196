namespace MisterP.Models.Structured;

/// <summary>
/// RW1, RW2 or ICAR effects: u = σ·(I − VVᵀ)φ with φ from <see cref="IntrinsicGmrf.LatentLogDensity"/>, sampled in
/// partially centred coordinates w, φ = s(σ) ⊙ w with s_i = 1/√q_i and q_i = 1 + σ²I_i/d_i, where I_i is level i's
/// data information and d_i = (Q + VVᵀ)_ii its conditional prior precision in φ. The conditional posterior
/// precision of φ_i is about d_i + σ²I_i, so w_i's stays about d_i whatever σ: for weakly informed levels (small
/// σ²I/d) this is the plain non-centred field, which avoids the funnel; for levels the data pin down it tends to
/// u_i ∝ w_i/√I_i, which avoids the inverted funnel a non-centred field has there (the iid terms' scheme in
/// <see cref="EffectScaling"/>, after Papaspiliopoulos, Roberts &amp; Sköld 2007, with the GMRF's d_i in place of 1).
/// The map is a change of variables with Jacobian Π s_i, so the posterior of u and σ is unchanged for any I.
/// </summary>
internal sealed class IntrinsicEffect : IStructuredEffect
{
    private readonly IntrinsicGmrf _gmrf;
    private readonly double[] _diagonal;
    private readonly double[] _scratch;
    private readonly double[] _phi;
    private readonly double[] _phiGradient;
    private readonly double[] _scale;
    private readonly double[] _dLogScale;
    private double _sigma;
    private bool _scaled;

    public IntrinsicEffect(IntrinsicGmrf gmrf)
        : this(gmrf, gmrf.LatentPrecisionDiagonal())
    {
    }

    private IntrinsicEffect(IntrinsicGmrf gmrf, double[] diagonal)
    {
        _gmrf = gmrf;
        _diagonal = diagonal;
        _scratch = new double[gmrf.Size];
        _phi = new double[gmrf.Size];
        _phiGradient = new double[gmrf.Size];
        _scale = new double[gmrf.Size];
        _dLogScale = new double[gmrf.Size];
    }

    public IntrinsicGmrf Field => _gmrf;

    public int Levels => _gmrf.Size;

    public int LatentCount => _gmrf.Size;

    public int ExtraCount => 0;

    public double Forward(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, ReadOnlySpan<double> information, Span<double> u, Span<double> latentGradient, Span<double> extraGradient, ref double logSigmaGradient)
    {
        _sigma = sigma;
        _scaled = Scales(information);
        if (!_scaled)
        {
            var plain = _gmrf.LatentLogDensity(latent, latentGradient, _scratch);
            latent[..Levels].CopyTo(u);
            Finish(u, sigma);
            return plain;
        }

        // log p(w) = log p_φ(s ⊙ w) + Σ log s_i; ∂log s_i/∂log σ = −(q_i − 1)/q_i.
        var lp = 0.0;
        for (var i = 0; i < Levels; i++)
        {
            var q = 1 + sigma * sigma * information[i] / _diagonal[i];
            _scale[i] = 1 / Math.Sqrt(q);
            _dLogScale[i] = (1 - q) / q;
            _phi[i] = _scale[i] * latent[i];
            _phiGradient[i] = 0;
            lp -= 0.5 * Math.Log(q);
        }

        lp += _gmrf.LatentLogDensity(_phi, _phiGradient, _scratch);
        var dLogSigma = 0.0;
        for (var i = 0; i < Levels; i++)
        {
            latentGradient[i] += _scale[i] * _phiGradient[i];
            dLogSigma += _dLogScale[i] * (_phi[i] * _phiGradient[i] + 1);
        }

        logSigmaGradient += dLogSigma;
        _phi.CopyTo(u);
        Finish(u, sigma);
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

        _gmrf.Project(_scratch);
        if (!_scaled)
        {
            for (var i = 0; i < Levels; i++)
            {
                latentGradient[i] += _sigma * _scratch[i];
            }

            return dLogSigma;
        }

        // u = σ·P(s ⊙ w): ∂ℓ/∂w_i = s_i·σ(Pg)_i, and s depends on σ, adding Σ σ(Pg)_i·φ_i·∂log s_i/∂log σ.
        for (var i = 0; i < Levels; i++)
        {
            var dPhi = _sigma * _scratch[i];
            latentGradient[i] += _scale[i] * dPhi;
            dLogSigma += dPhi * _phi[i] * _dLogScale[i];
        }

        return dLogSigma;
    }

    public double Correlation(ReadOnlySpan<double> extra) => double.NaN;

    public void Effects(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, ReadOnlySpan<double> information, Span<double> u)
    {
        latent[..Levels].CopyTo(u);
        if (Scales(information))
        {
            for (var i = 0; i < Levels; i++)
            {
                u[i] *= 1 / Math.Sqrt(1 + sigma * sigma * information[i] / _diagonal[i]);
            }
        }

        Finish(u, sigma);
    }

    public IStructuredEffect Fork() => new IntrinsicEffect(_gmrf, _diagonal);

    private void Finish(Span<double> u, double sigma)
    {
        _gmrf.Project(u[..Levels]);
        for (var i = 0; i < Levels; i++)
        {
            u[i] *= sigma;
        }
    }

    private static bool Scales(ReadOnlySpan<double> information)
    {
        if (information.IsEmpty)
        {
            return false;
        }

        foreach (var value in information)
        {
            if (value != 0)
            {
                return true;
            }
        }

        return false;
    }
}
