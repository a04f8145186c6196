using MisterP.Design;
using MisterP.Families;
using MisterP.Priors;

namespace MisterP.Models;

/// <summary>
/// The MRP model family: a generalized linear model with varying intercepts and slopes,
/// η = offset + α + (X − x̄)β + Σₖ Zₖuₖ[level], uₖ[l] = diag(σₖ)·Lₖ·zₖ[l], zₖ ~ N(0, I) (non-centered),
/// over cells or rows, with priors and an analytic gradient (DESIGN §2): one pass over cells for dℓ/dη, then
/// Xᵀr and a scatter-add per level. The intercept is sampled on centered predictors, as rstanarm and brms do;
/// outputs report b_Intercept on the original scale.
/// </summary>
public sealed class HierarchicalGlm : ILogDensity, IConstrainedOutputs
{
    private readonly ModelDesign _design;
    private readonly PriorSet _priors;
    private readonly ParameterLayout _layout;
    private readonly double[] _means;
    private readonly int _p;
    private readonly IReadOnlyList<string> _outputNames;
    private readonly LinearPredictorPlan _plan;
    private readonly int[] _groupOffsets;
    private readonly StoredResponse _response;

    // Per-instance scratch: θ = (β, u₁, …, u_K) and its gradient, η and dℓ/dη over the stored (padded) cells.
    private readonly double[] _theta;
    private readonly double[] _thetaGradient;
    private readonly double[] _eta;
    private readonly double[] _dEta;
    private readonly double[][] _blockValues;
    private readonly double[][] _blockGradients;
    private readonly CholeskyCorrelation?[] _cholesky;
    private readonly double[][] _effectScale;
    private readonly double[][] _logSdFactor;

    private readonly EffectScaling _scaling;
    private readonly bool _priorOnly;
    private double _interceptPriorDerivative;

    public HierarchicalGlm(ModelDesign design, PriorSet priors)
    {
        _design = design;
        _priors = priors;
        _layout = new ParameterLayout(design);
        _p = design.FixedEffects.ColumnCount;
        _means = design.PredictorCenters();
        _groupOffsets = new int[_layout.Groups.Length];
        var thetaLength = _p;
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            _groupOffsets[k] = thetaLength;
            thetaLength += _layout.Groups[k].Levels * _layout.Groups[k].Coefficients;
        }

        _plan = new LinearPredictorPlan(design, _means, _groupOffsets, thetaLength);
        _response = new StoredResponse(design, _plan);
        _outputNames = OutputNaming.Names(design);
        _theta = new double[thetaLength];
        _thetaGradient = new double[thetaLength];
        _eta = new double[_plan.PaddedCount];
        _dEta = new double[_plan.PaddedCount];
        _blockValues = _plan.NewBlockBuffers();
        _blockGradients = _plan.NewBlockBuffers();
        _cholesky = _layout.Groups.Select(g => g.CpcCount > 0 ? new CholeskyCorrelation(g.Coefficients) : null).ToArray();
        _effectScale = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
        _logSdFactor = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
        _scaling = EffectScaling.None(design);
    }

    private HierarchicalGlm(HierarchicalGlm other, EffectScaling? scaling = null, bool? priorOnly = null)
    {
        _priorOnly = priorOnly ?? other._priorOnly;
        _design = other._design;
        _priors = other._priors;
        _layout = other._layout;
        _means = other._means;
        _p = other._p;
        _outputNames = other._outputNames;
        _plan = other._plan;
        _groupOffsets = other._groupOffsets;
        _response = other._response;
        _theta = new double[_plan.ThetaLength];
        _thetaGradient = new double[_plan.ThetaLength];
        _eta = new double[_plan.PaddedCount];
        _dEta = new double[_plan.PaddedCount];
        _blockValues = _plan.NewBlockBuffers();
        _blockGradients = _plan.NewBlockBuffers();
        _cholesky = _layout.Groups.Select(g => g.CpcCount > 0 ? new CholeskyCorrelation(g.Coefficients) : null).ToArray();
        _effectScale = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
        _logSdFactor = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
        _scaling = scaling ?? other._scaling;
    }

    public int Dimension => _layout.Dimension;

    public IReadOnlyList<string> ParameterNames => _layout.Names;

    public IReadOnlyList<string> OutputNames => _outputNames;

    public ModelDesign Design => _design;

    /// <summary>How the linear predictor is evaluated (see <see cref="LinearPredictorPlan.Description"/>).</summary>
    public string PlanDescription => _plan.Description;

    /// <summary>How the group effects are sampled (<see cref="EffectScaling.None"/> unless chosen).</summary>
    public EffectScaling Scaling => _scaling;

    public ILogDensity Fork() => new HierarchicalGlm(this);

    /// <summary>
    /// The same posterior in other coordinates: group effects scaled by their levels' information (see
    /// <see cref="EffectScaling"/>). Outputs (b_, sd_, r_) and their distribution are unchanged; only the
    /// unconstrained position differs.
    /// </summary>
    public HierarchicalGlm WithEffectScaling(EffectScaling scaling)
    {
        scaling.CheckFits(_design);
        return new HierarchicalGlm(this, scaling);
    }

    /// <summary>
    /// The same model without its likelihood (brms's <c>sample_prior = "only"</c>): its draws are the prior, for prior
    /// predictive checks. Only meaningful with proper priors (<see cref="Priors.PriorSet.ImproperTargets"/>).
    /// </summary>
    public HierarchicalGlm WithoutLikelihood() => new(this, priorOnly: true);

    public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g.Clear();
        var lp = PriorsAndEffects(x, g);
        var sigma = _layout.LogSigma >= 0 ? Math.Exp(x[_layout.LogSigma]) : 0;
        var shape = _layout.LogShape >= 0 ? Math.Exp(x[_layout.LogShape]) : 0;
        _plan.Forward(_theta, _blockValues, _eta);
        lp += Likelihood(sigma, shape, out var dLogSigma, out var dShape);
        if (_layout.LogSigma >= 0)
        {
            lp += PositivePrior(_priors.Sigma!, x[_layout.LogSigma], out var d);
            g[_layout.LogSigma] += d + dLogSigma;
        }

        if (_layout.LogShape >= 0)
        {
            lp += PositivePrior(_priors.Shape!, x[_layout.LogShape], out var d);
            g[_layout.LogShape] += d + dShape * shape;
        }

        Array.Clear(_thetaGradient);
        _plan.Backward(_dEta, _blockGradients, _thetaGradient);
        Backpropagate(x, g);
        return lp;
    }

    /// <summary>Log-likelihood on the original rows (with the parameter-free terms), as R's logLik would report it.</summary>
    public double LogLikelihood(ReadOnlySpan<double> x)
    {
        var scratch = new double[Dimension];
        PriorsAndEffects(x, scratch);
        _plan.Forward(_theta, _blockValues, _eta);
        var sigma = _layout.LogSigma >= 0 ? Math.Exp(x[_layout.LogSigma]) : 0;
        var shape = _layout.LogShape >= 0 ? Math.Exp(x[_layout.LogShape]) : 0;
        return Likelihood(sigma, shape, out _, out _) + _design.Response.LogLikelihoodConstant;
    }

    /// <summary>Linear predictor of every cell at <paramref name="x"/>, in the design's cell order (allocates; for diagnostics and predictions).</summary>
    public double[] CellLinearPredictor(ReadOnlySpan<double> x)
    {
        var scratch = new double[Dimension];
        PriorsAndEffects(x, scratch);
        _plan.Forward(_theta, _blockValues, _eta);
        var result = new double[_design.CellCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[_plan.Order[i]] = _eta[i];
        }

        return result;
    }

    /// <summary>
    /// All priors; fills θ = (β, u). β is the sampled coordinate over its scale (<see cref="EffectScaling.FixedScales"/>),
    /// and the intercept in θ that minus the anchored group effects.
    /// </summary>
    private double PriorsAndEffects(ReadOnlySpan<double> x, Span<double> g) => GroupPriorsAndEffects(x, g) + FixedPriors(x, g);

    /// <summary>Σ_k Σ_l w_kl·u_kl over the anchored terms (<see cref="EffectScaling.Anchors"/>), from θ.</summary>
    private double Anchor()
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

    private double FixedPriors(ReadOnlySpan<double> x, Span<double> g)
    {
        var lp = 0.0;
        var intercept = _design.FixedEffects.InterceptIndex;
        for (var j = 0; j < _p; j++)
        {
            var prior = j == intercept ? _priors.Intercept! : _priors.Coefficients[j]!;
            var k = _layout.BetaIndex[j];
            var scale = _scaling.FixedScales[j];
            var value = j == intercept ? x[k] / scale - Anchor() : x[k] / scale;
            lp += prior.LogDensity(value, out var d);
            g[k] += d / scale;
            _theta[j] = value;
            if (j == intercept)
            {
                _interceptPriorDerivative = d;
            }
        }

        return lp;
    }

    /// <summary>
    /// Priors of sds, correlations and the standardized effects; fills u into θ, and ∂u/∂z and ∂log u/∂log σ into
    /// the scale buffers. Effects are sampled as u = σ·(L·z) with z ~ N(0, I) (non-centered), or, for a level with
    /// information I &gt; 0 (<see cref="EffectScaling"/>), u = σz/√q with q = 1 + σ²I: the prior N(u; 0, σ²) with the
    /// Jacobian σ/√q is then −½z²/q − ½log q in z.
    /// </summary>
    private double GroupPriorsAndEffects(ReadOnlySpan<double> x, Span<double> g)
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

    private double Likelihood(double sigma, double shape, out double dLogSigma, out double dShape)
    {
        var r = _response;
        dLogSigma = 0;
        dShape = 0;
        if (_priorOnly)
        {
            Array.Clear(_dEta);
            return 0;
        }

        if (r.LogitSuccesses is { } successes)
        {
            return LogitCells.LogLikelihood(_eta, successes, r.LogitTrials!, _dEta);
        }

        var lp = 0.0;
        var weights = r.Weights;
        var link = _design.Link;
        for (var i = 0; i < _plan.CellCount; i++)
        {
            double ll, d;
            switch (_design.Family)
            {
                case Family.Binomial or Family.Bernoulli:
                    ll = CellLikelihood.Binomial(link, r.Y[i], r.Trials[i], _eta[i], out d);
                    break;
                case Family.Poisson:
                    ll = CellLikelihood.Poisson(r.RowsPerCell[i], r.Y[i], _eta[i], out d);
                    break;
                case Family.NegativeBinomial:
                    ll = CellLikelihood.NegativeBinomial(r.Y[i], _eta[i], shape, out d, out var ds);
                    dShape += (weights?[i] ?? 1) * ds;
                    break;
                default:
                    var n = r.RowsPerCell[i];
                    var sumSquares = r.SumOfSquares?[i] ?? r.Y[i] * r.Y[i];
                    if (r.KnownSe is { } se)
                    {
                        ll = CellLikelihood.Gaussian(link, n, r.Y[i], sumSquares, _eta[i], se[i], out d, out _) + n * Math.Log(se[i]);
                    }
                    else
                    {
                        ll = CellLikelihood.Gaussian(link, n, r.Y[i], sumSquares, _eta[i], sigma, out d, out var dls);
                        dLogSigma += (weights?[i] ?? 1) * dls;
                    }

                    break;
            }

            var w = weights?[i] ?? 1;
            lp += w * ll;
            _dEta[i] = w * d;
        }

        return lp;
    }

    /// <summary>From ∂ℓ/∂θ (the plan's backward pass) to the unconstrained coordinates: β, z, log σ and CPCs.</summary>
    private void Backpropagate(ReadOnlySpan<double> x, Span<double> g)
    {
        for (var j = 0; j < _p; j++)
        {
            g[_layout.BetaIndex[j]] += _thetaGradient[j] / _scaling.FixedScales[j];
        }

        // The intercept in θ is the sampled one minus Σ w·u: each anchored u also gets −w·∂/∂α (likelihood and prior).
        var intercept = _design.FixedEffects.InterceptIndex;
        if (intercept >= 0)
        {
            var dAlpha = _thetaGradient[intercept] + _interceptPriorDerivative;
            for (var k = 0; k < _layout.Groups.Length; k++)
            {
                if (_scaling.Anchors[k] is { } weights)
                {
                    var c = _layout.Groups[k].Coefficients;
                    for (var l = 0; l < weights.Length; l++)
                    {
                        _thetaGradient[_groupOffsets[k] + l * c] -= weights[l] * dAlpha;
                    }
                }
            }
        }

        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            var block = _layout.Groups[k];
            var c = block.Coefficients;
            var gu = _thetaGradient.AsSpan(_groupOffsets[k], block.Levels * c);
            var u = _theta.AsSpan(_groupOffsets[k], block.Levels * c);
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
    private static double PositivePrior(PriorDistribution prior, double logValue, out double derivative)
    {
        var value = Math.Exp(logValue);
        var lp = prior.LogDensity(value, out var d);
        derivative = d * value + 1;
        return lp + logValue;
    }

    public void WriteOutputs(ReadOnlySpan<double> x, Span<double> outputs)
    {
        OutputNaming.Write(_design, _layout, _means, _scaling, x, outputs);
        var intercept = _design.FixedEffects.InterceptIndex;
        if (intercept < 0)
        {
            return;
        }

        // b_Intercept: the sampled intercept minus the anchored effects, which are the r_ outputs (last, term by term).
        var position = outputs.Length - _layout.Groups.Sum(b => b.Levels * b.Coefficients);
        var anchor = 0.0;
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            var c = _layout.Groups[k].Coefficients;
            if (_scaling.Anchors[k] is { } weights)
            {
                for (var l = 0; l < weights.Length; l++)
                {
                    anchor += weights[l] * outputs[position + l * c];
                }
            }

            position += _layout.Groups[k].Levels * c;
        }

        outputs[intercept] -= anchor;
    }
}
