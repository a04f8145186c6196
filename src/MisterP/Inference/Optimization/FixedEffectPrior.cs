using MisterP.Design;
using MisterP.Priors;

namespace MisterP.Inference.Optimization;

/// <summary>
/// The fixed effects' prior as a function of β on the design's own columns. The priors apply to the intercept on
/// centered predictors (rstanarm, brms): c = Tβ with c₀ = β₀ + Σⱼ x̄ⱼβⱼ at the intercept and cⱼ = βⱼ elsewhere, a
/// linear map (no Jacobian), so log p(β) = Σⱼ log pⱼ(cⱼ), ∇ = Tᵀ∇_c and −∇² = Tᵀ diag(−p″ⱼ) T. Without an
/// intercept nothing is centered.
/// </summary>
internal sealed class FixedEffectPrior
{
    private readonly PriorDistribution?[] _priors;
    private readonly double[] _means;
    private readonly int _intercept;
    private readonly double[] _centered;
    private readonly double[] _dCentered;
    private readonly double[] _curvature;

    public FixedEffectPrior(ModelDesign design, PriorSet priors)
    {
        var p = design.FixedEffects.ColumnCount;
        _intercept = design.FixedEffects.InterceptIndex;
        _priors = Enumerable.Range(0, p).Select(j => j == _intercept ? priors.Intercept : priors.Coefficients[j]).ToArray();
        _means = design.PredictorCenters();
        _centered = new double[p];
        _dCentered = new double[p];
        _curvature = new double[p];
    }

    public int Count => _priors.Length;

    /// <summary>β in the centered coordinates the priors (and the hierarchical model's parameters) use.</summary>
    public void ToCentered(ReadOnlySpan<double> beta, Span<double> centered)
    {
        beta.CopyTo(centered);
        if (_intercept >= 0)
        {
            for (var j = 0; j < beta.Length; j++)
            {
                centered[_intercept] += _means[j] * beta[j];
            }
        }
    }

    /// <summary>log p(β) up to a constant; writes ∂/∂β into <paramref name="gradient"/>.</summary>
    public double LogDensity(ReadOnlySpan<double> beta, Span<double> gradient)
    {
        ToCentered(beta, _centered);
        var lp = 0.0;
        for (var j = 0; j < _centered.Length; j++)
        {
            var prior = _priors[j];
            if (prior is null)
            {
                _dCentered[j] = 0;
                continue;
            }

            lp += prior.LogDensity(_centered[j], out _dCentered[j]);
        }

        for (var j = 0; j < gradient.Length; j++)
        {
            gradient[j] = _dCentered[j] + (_intercept >= 0 && j != _intercept ? _means[j] * _dCentered[_intercept] : 0);
        }

        return lp;
    }

    /// <summary>
    /// Adds −∇²log p(β) to the p×p block of <paramref name="a"/> (row stride <paramref name="stride"/>) starting at
    /// row and column <paramref name="start"/>, lower triangle. Curvatures are floored at 0 so heavy-tailed priors
    /// (student_t, cauchy) never make the system indefinite.
    /// </summary>
    public void AddNegativeHessian(ReadOnlySpan<double> beta, double[] a, int stride, int start)
    {
        ToCentered(beta, _centered);
        for (var j = 0; j < _centered.Length; j++)
        {
            _curvature[j] = _priors[j] is { } prior ? Math.Max(0, Curvature(prior, _centered[j])) : 0;
        }

        // (Tᵀ D T)[j, k] = D_j δ_jk + t_j t_k D₀ with t = ∂c₀/∂β = x̄ (1 at the intercept).
        var interceptCurvature = _intercept >= 0 ? _curvature[_intercept] : 0;
        for (var j = 0; j < _centered.Length; j++)
        {
            var tj = j == _intercept ? 1 : _means[j];
            for (var k = 0; k <= j; k++)
            {
                var tk = k == _intercept ? 1 : _means[k];
                var value = _intercept >= 0 ? tj * tk * interceptCurvature : 0;
                if (j == k && j != _intercept)
                {
                    value += _curvature[j];
                }

                a[(start + j) * stride + start + k] += value;
            }
        }
    }

    /// <summary>−d²/dx² log p(x): exact for normal and student_t families, else a central difference of the derivative.</summary>
    private static double Curvature(PriorDistribution prior, double x)
    {
        var a = prior.Arguments;
        switch (prior.Family)
        {
            case "normal":
                return 1 / (a[1] * a[1]);
            case "flat":
                return 0;
            case "student_t" or "cauchy":
                {
                    var (nu, mu, sigma) = prior.Family == "cauchy" ? (1, a[0], a[1]) : (a[0], a[1], a[2]);
                    var s = nu * sigma * sigma;
                    var d = x - mu;
                    return (nu + 1) * (s - d * d) / ((s + d * d) * (s + d * d));
                }

            default:
                {
                    var h = 1e-5 * Math.Max(1, Math.Abs(x));
                    prior.LogDensity(x + h, out var plus);
                    prior.LogDensity(x - h, out var minus);
                    return -(plus - minus) / (2 * h);
                }
        }
    }
}
