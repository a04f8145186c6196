using MisterP.Design;
using MisterP.Families;
using MisterP.Models;
using MisterP.Priors;

namespace MisterP.Inference.Optimization;

/// <summary>
/// log p̃(θ | y) of a hierarchical GLM up to a constant, for its variance parameters θ on the hierarchical model's
/// own unconstrained scale (log sd per varying coefficient, CPCs of correlated terms, log σ, log shape):
/// the Laplace approximation of ∫ p(y | β, u) p(β) p(u | θ) d(β, u) (<see cref="LaplaceDeviance.LogMarginal"/>) plus
/// θ's priors with the log-transform Jacobians — the marginal INLA explores (Rue, Martino &amp; Chopin 2009, eq. 3).
/// Also maps a draw of (β, z) given θ to a position of <see cref="HierarchicalGlm"/> (non-centered, no effect scaling).
/// </summary>
internal sealed class HyperparameterPosterior
{
    private readonly ModelDesign _design;
    private readonly PriorSet _priors;
    private readonly ParameterLayout _layout;
    private readonly LaplaceDeviance _laplace;
    private readonly FixedEffectPrior _fixedPrior;
    private readonly int[] _positionIndex;
    private readonly CholeskyCorrelation?[] _correlation;
    private readonly double[] _factor;
    private readonly double[] _normal;
    private readonly double[] _inner;
    private readonly double[] _centered;

    public HyperparameterPosterior(ModelDesign design, PriorSet priors)
    {
        _design = design;
        _priors = priors;
        _layout = new ParameterLayout(design);
        _fixedPrior = new FixedEffectPrior(design, priors);
        _laplace = new LaplaceDeviance(design, _fixedPrior);
        var index = new List<int>();
        foreach (var block in _layout.Groups)
        {
            index.AddRange(Enumerable.Range(block.LogSd, block.Coefficients));
            index.AddRange(Enumerable.Range(block.Cpc, block.CpcCount));
        }

        if (_layout.LogSigma >= 0)
        {
            index.Add(_layout.LogSigma);
        }

        if (_layout.LogShape >= 0)
        {
            index.Add(_layout.LogShape);
        }

        _positionIndex = index.ToArray();
        Names = _positionIndex.Select(i => _layout.Names[i]).ToArray();
        _correlation = _layout.Groups.Select(g => g.CpcCount > 0 ? new CholeskyCorrelation(g.Coefficients) : null).ToArray();
        _factor = new double[_laplace.FactorCount];
        _normal = new double[_laplace.InnerCount];
        _inner = new double[_laplace.InnerCount];
        _centered = new double[_fixedPrior.Count];
    }

    /// <summary>An independent instance (its own buffers and warm start) for another thread.</summary>
    public HyperparameterPosterior Fork() => new(_design, _priors);

    public int Dimension => _positionIndex.Length;

    /// <summary>Length of the inner vector (z, β).</summary>
    public int InnerCount => _laplace.InnerCount;

    /// <summary>(β, z) at their conditional mode for the θ of the last <see cref="LogDensity"/> call.</summary>
    public ReadOnlySpan<double> InnerMode => _laplace.InnerMode;

    /// <summary>The conditional mode's Newton tolerance (see <see cref="LaplaceDeviance.NewtonTolerance"/>).</summary>
    public double NewtonTolerance
    {
        get => _laplace.NewtonTolerance;
        set => _laplace.NewtonTolerance = value;
    }

    /// <summary>Where the next <see cref="LogDensity"/> starts its search for the conditional mode.</summary>
    public void StartInnerFrom(ReadOnlySpan<double> inner) => _laplace.StartInnerFrom(inner);

    /// <summary>θ's coordinates, named as the hierarchical model names them (<c>log_sd_state__Intercept</c>, …).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Length of a <see cref="HierarchicalGlm"/> position.</summary>
    public int PositionLength => _layout.Dimension;

    /// <summary>sd 0.5 (0.5·sd(y) for gaussian), no correlation, σ = sd(y), shape 1.</summary>
    public double[] Start()
    {
        var theta = new double[Dimension];
        var scale = _design.Family == Family.Gaussian ? Math.Max(_design.RowStatistics.ResponseSd, 1e-3) : 1;
        var t = 0;
        foreach (var block in _layout.Groups)
        {
            for (var a = 0; a < block.Coefficients; a++)
            {
                theta[t++] = Math.Log(0.5 * scale);
            }

            t += block.CpcCount;
        }

        if (_layout.LogSigma >= 0)
        {
            theta[t++] = Math.Log(scale);
        }

        return theta;
    }

    /// <summary>log p̃(θ | y) up to a constant; −∞ where the approximation cannot be evaluated.</summary>
    public double LogDensity(ReadOnlySpan<double> theta)
    {
        var lp = 0.0;
        var t = 0;
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            var block = _layout.Groups[k];
            var c = block.Coefficients;
            var logSd = theta.Slice(t, c);
            for (var a = 0; a < c; a++)
            {
                lp += PositivePrior(_priors.GroupSds[k][a], logSd[a]);
            }

            t += c;
            var correlation = _correlation[k];
            if (correlation is not null)
            {
                lp += correlation.Build(theta.Slice(t, block.CpcCount), _priors.CorrelationEta[k]);
                t += block.CpcCount;
            }

            // T_k = diag(σ)·L (L = I when uncorrelated): u = T_k z, as the hierarchical model's u = σ·(L z).
            for (var a = 0; a < c; a++)
            {
                var sd = Math.Exp(logSd[a]);
                if (!_design.GroupTerms[k].Correlated)
                {
                    _factor[_laplace.FactorIndex(k, a, a)] = sd;
                    continue;
                }

                for (var b = 0; b <= a; b++)
                {
                    _factor[_laplace.FactorIndex(k, a, b)] = sd * (correlation?.L[a * c + b] ?? (a == b ? 1 : 0));
                }
            }
        }

        var sigma = 0.0;
        if (_layout.LogSigma >= 0)
        {
            lp += PositivePrior(_priors.Sigma!, theta[t]);
            sigma = Math.Exp(theta[t++]);
        }

        var shape = 0.0;
        if (_layout.LogShape >= 0)
        {
            lp += PositivePrior(_priors.Shape!, theta[t]);
            shape = Math.Exp(theta[t++]);
        }

        if (!double.IsFinite(lp))
        {
            return double.NegativeInfinity;
        }

        return lp + _laplace.LogMarginal(_factor, sigma, shape);
    }

    /// <summary>
    /// The <see cref="HierarchicalGlm"/> position of θ with (β, z) at their conditional mode, for the θ of the last
    /// <see cref="LogDensity"/> call.
    /// </summary>
    public void WriteConditionalMode(ReadOnlySpan<double> theta, Span<double> position) => WritePosition(theta, _laplace.InnerMode, position);

    /// <summary>
    /// A draw of (β, z) from their Gaussian approximation given the θ of the last <see cref="LogDensity"/> call, as a
    /// <see cref="HierarchicalGlm"/> position with that θ.
    /// </summary>
    /// <param name="theta">θ.</param>
    /// <param name="standardNormal">InnerCount standard normal deviates.</param>
    /// <param name="position">The position written.</param>
    public void WriteConditionalDraw(ReadOnlySpan<double> theta, ReadOnlySpan<double> standardNormal, Span<double> position)
    {
        standardNormal.CopyTo(_normal);
        _laplace.SampleConditional(_normal, _inner);
        WritePosition(theta, _inner, position);
    }

    private void WritePosition(ReadOnlySpan<double> theta, ReadOnlySpan<double> inner, Span<double> position)
    {
        for (var t = 0; t < _positionIndex.Length; t++)
        {
            position[_positionIndex[t]] = theta[t];
        }

        var centered = _centered;
        _fixedPrior.ToCentered(inner.Slice(_laplace.FixedEffectsStart, _fixedPrior.Count), centered);
        for (var j = 0; j < centered.Length; j++)
        {
            position[_layout.BetaIndex[j]] = centered[j];
        }

        // Within a term, z is ordered by level and coefficient in both.
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            var block = _layout.Groups[k];
            var count = block.Levels * block.Coefficients;
            inner.Slice(_laplace.EffectsOffset(k), count).CopyTo(position.Slice(block.Z, count));
        }
    }

    /// <summary>Prior of a positive parameter sampled as log x, with the Jacobian log x (as the hierarchical model's).</summary>
    private static double PositivePrior(PriorDistribution prior, double logValue) =>
        prior.LogDensity(Math.Exp(logValue), out _) + logValue;
}
