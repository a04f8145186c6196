using MisterP.Models.Structured;
using MisterP.Priors;

namespace MisterP.Models;

/// <summary>
/// The group-level part of a hierarchical model, shared by every family: the priors of the sds and correlations, the
/// standardized effects z with their (information-scaled, non-centered) map to u, and the way ∂ℓ/∂u flows back to
/// z, log σ and the CPCs. Fills and reads the u part of θ = (β, u₁, …, u_K) that <see cref="LinearPredictorPlan"/>
/// evaluates. Holds per-instance scratch: one per chain.
/// </summary>
internal sealed class GroupEffects
{
    private readonly PriorSet _priors;
    private readonly ParameterLayout _layout;
    private readonly int[] _groupOffsets;
    private readonly double[] _theta;
    private readonly CholeskyCorrelation?[] _cholesky;
    private readonly double[][] _effectScale;
    private readonly double[][] _logSdFactor;
    private readonly EffectScaling _scaling;
    private readonly IStructuredEffect?[] _structured;

    /// <param name="theta">The model's θ buffer, whose u parts this fills (at <paramref name="groupOffsets"/>).</param>
    /// <param name="structured">Per term, the structured prior (forked here for this instance), or null for iid effects.</param>
    public GroupEffects(ParameterLayout layout, PriorSet priors, int[] groupOffsets, EffectScaling scaling, double[] theta, IReadOnlyList<IStructuredEffect?> structured)
    {
        _structured = structured.Select(e => e?.Fork()).ToArray();
        _layout = layout;
        _priors = priors;
        _groupOffsets = groupOffsets;
        _scaling = scaling;
        _theta = theta;
        _cholesky = _layout.Groups.Select(g => g.CpcCount > 0 ? new CholeskyCorrelation(g.Coefficients) : null).ToArray();
        _effectScale = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
        _logSdFactor = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
    }

    /// <summary>Σ_k Σ_l w_kl·u_kl over the anchored terms (<see cref="EffectScaling.Anchors"/>), from θ.</summary>
    public double Anchor()
    {
        var anchor = 0.0;
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            if (_scaling.Anchors[k] is { } weights)
            {
                var c = _layout.Groups[k].Coefficients;
                for (var l = 0; l < weights.Length; l++)
                {
                    anchor += weights[l] * _theta[_groupOffsets[k] + l * c];
                }
            }
        }

        return anchor;
    }

    /// <summary>
    /// The sampled intercept (or first threshold) is the model's minus Σ w·u: each anchored u gets −w·∂/∂α, α's total
    /// derivative (likelihood and prior), added into <paramref name="thetaGradient"/>.
    /// </summary>
    public void AddAnchorGradient(double dAlpha, double[] thetaGradient)
    {
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            if (_scaling.Anchors[k] is { } weights)
            {
                var c = _layout.Groups[k].Coefficients;
                for (var l = 0; l < weights.Length; l++)
                {
                    thetaGradient[_groupOffsets[k] + l * c] -= weights[l] * dAlpha;
                }
            }
        }
    }

    /// <summary>
    /// Priors of sds, correlations and the standardized effects; fills u into θ, and ∂u/∂z and ∂log u/∂log σ into
    /// the scale buffers. Effects are sampled as u = σ·(L·z) with z ~ N(0, I) (non-centered), or, for a level with
    /// information I &gt; 0 (<see cref="EffectScaling"/>), u = σz/√q with q = 1 + σ²I: the prior N(u; 0, σ²) with the
    /// Jacobian σ/√q is then −½z²/q − ½log q in z.
    /// </summary>
    public double PriorsAndEffects(ReadOnlySpan<double> x, Span<double> g)
    {
        var lp = 0.0;
        Span<double> sdBuffer = stackalloc double[16];
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            var block = _layout.Groups[k];
            var c = block.Coefficients;
            var sd = c <= sdBuffer.Length ? sdBuffer[..c] : new double[c];
            for (var a = 0; a < c; a++)
            {
                lp += PositivePrior(_priors.GroupSds[k][a], x[block.LogSd + a], out var d);
                g[block.LogSd + a] += d;
                sd[a] = Math.Exp(x[block.LogSd + a]);
            }

            if (_structured[k] is { } effect)
            {
                // A structured term: its own prior over the latent field and correlation, and u = σ·f(latent, ρ).
                var extra = block.Extra >= 0 ? x.Slice(block.Extra, 1) : [];
                var extraGradient = block.Extra >= 0 ? g.Slice(block.Extra, 1) : [];
                var dLogSd = 0.0;
                lp += effect.Forward(x.Slice(block.Z, block.LatentCount), extra, sd[0], _scaling.Information[k], _theta.AsSpan(_groupOffsets[k], block.Levels), g.Slice(block.Z, block.LatentCount), extraGradient, ref dLogSd);
                g[block.LogSd] += dLogSd;
                continue;
            }

            var chol = _cholesky[k];
            if (chol is not null)
            {
                lp += chol.Build(x.Slice(block.Cpc, block.CpcCount), _priors.CorrelationEta[k]);
                for (var m = 0; m < block.CpcCount; m++)
                {
                    g[block.Cpc + m] += chol.DLogDensity[m];
                }
            }

            var u = _theta.AsSpan(_groupOffsets[k], block.Levels * c);
            var scale = _effectScale[k];
            var logSdFactor = _logSdFactor[k];
            var levelInformation = _scaling.Information[k];
            for (var l = 0; l < block.Levels; l++)
            {
                var zOffset = block.Z + l * c;
                for (var a = 0; a < c; a++)
                {
                    var z = x[zOffset + a];
                    var information = levelInformation[l * c + a];
                    if (information == 0)
                    {
                        lp -= 0.5 * z * z;
                        g[zOffset + a] -= z;
                        double lz;
                        if (chol is null)
                        {
                            lz = z;
                        }
                        else
                        {
                            lz = 0;
                            for (var b = 0; b <= a; b++)
                            {
                                lz += chol.L[a * c + b] * x[zOffset + b];
                            }
                        }

                        u[l * c + a] = sd[a] * lz;
                        scale[l * c + a] = sd[a];
                        logSdFactor[l * c + a] = 1;
                        continue;
                    }

                    // ∂q/∂log σ = 2(q − 1), so ∂/∂log σ of −½z²/q − ½log q is (q − 1)/q·(z²/q − 1), and ∂log u/∂log σ = 1/q.
                    var q = 1 + sd[a] * sd[a] * information;
                    var inverse = 1 / q;
                    lp -= 0.5 * (z * z * inverse + Math.Log(q));
                    g[zOffset + a] -= z * inverse;
                    g[block.LogSd + a] += (q - 1) * inverse * (z * z * inverse - 1);
                    var zScale = sd[a] * Math.Sqrt(inverse);
                    u[l * c + a] = zScale * z;
                    scale[l * c + a] = zScale;
                    logSdFactor[l * c + a] = inverse;
                }
            }
        }

        return lp;
    }

    /// <summary>From ∂ℓ/∂u (in <paramref name="thetaGradient"/>) to z, log σ and the CPCs.</summary>
    public void Backpropagate(ReadOnlySpan<double> x, Span<double> g, double[] thetaGradient)
    {
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            var block = _layout.Groups[k];
            var c = block.Coefficients;
            var gu = thetaGradient.AsSpan(_groupOffsets[k], block.Levels * c);
            var u = _theta.AsSpan(_groupOffsets[k], block.Levels * c);
            if (_structured[k] is { } effect)
            {
                var extraGradient = block.Extra >= 0 ? g.Slice(block.Extra, 1) : [];
                g[block.LogSd] += effect.Backward(gu, u, g.Slice(block.Z, block.LatentCount), extraGradient);
                continue;
            }

            var scale = _effectScale[k];
            var logSdFactor = _logSdFactor[k];
            var chol = _cholesky[k];
            for (var a = 0; a < c; a++)
            {
                // ∂u/∂log σ = u·∂log u/∂log σ and ∂u/∂z from the scale buffers (1 and σ when not information-scaled).
                var dLogSd = 0.0;
                for (var l = 0; l < block.Levels; l++)
                {
                    dLogSd += gu[l * c + a] * u[l * c + a] * logSdFactor[l * c + a];
                }

                g[block.LogSd + a] += dLogSd;
                for (var l = 0; l < block.Levels; l++)
                {
                    var upstream = gu[l * c + a] * scale[l * c + a];
                    if (chol is null)
                    {
                        g[block.Z + l * c + a] += upstream;
                        continue;
                    }

                    // u_a = sd_a Σ_b L[a,b] z_b: dz_b += sd_a L[a,b] gu_a, and dy_m += sd_a Σ_b dL_m[a,b] z_b gu_a.
                    for (var b = 0; b <= a; b++)
                    {
                        g[block.Z + l * c + b] += upstream * chol.L[a * c + b];
                    }

                    for (var m = 0; m < block.CpcCount; m++)
                    {
                        var s = 0.0;
                        for (var b = 0; b <= a; b++)
                        {
                            s += chol.DL[m * c * c + a * c + b] * x[block.Z + l * c + b];
                        }

                        g[block.Cpc + m] += upstream * s;
                    }
                }
            }
        }
    }

    /// <summary>Prior of a positive parameter sampled as θ = log x, with the Jacobian log x.</summary>
    public static double PositivePrior(PriorDistribution prior, double logValue, out double derivative)
    {
        var value = Math.Exp(logValue);
        var lp = prior.LogDensity(value, out var d);
        derivative = d * value + 1;
        return lp + logValue;
    }

}
