using MisterP.Design;
using MisterP.Families;
using MisterP.Models.Structured;
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
    private readonly GroupEffects _groups;
    private readonly IStructuredEffect?[] _structured;

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
        _scaling = EffectScaling.None(design);
        _structured = StructuredEffects.Build(design, priors);
        _groups = new GroupEffects(_layout, priors, _groupOffsets, _scaling, _theta, _structured);
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
        _scaling = scaling ?? other._scaling;
        _structured = other._structured;
        _groups = new GroupEffects(_layout, _priors, _groupOffsets, _scaling, _theta, _structured);
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
            lp += GroupEffects.PositivePrior(_priors.Sigma!, x[_layout.LogSigma], out var d);
            g[_layout.LogSigma] += d + dLogSigma;
        }

        if (_layout.LogShape >= 0)
        {
            lp += GroupEffects.PositivePrior(_priors.Shape!, x[_layout.LogShape], out var d);
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
    private double PriorsAndEffects(ReadOnlySpan<double> x, Span<double> g) => _groups.PriorsAndEffects(x, g) + FixedPriors(x, g);

    private double FixedPriors(ReadOnlySpan<double> x, Span<double> g) =>
        FixedEffectPriors.Apply(_design.FixedEffects.InterceptIndex, _priors, _layout, _scaling, _groups, _theta, _p, x, g, ref _interceptPriorDerivative);

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
        if (_design.FixedEffects.InterceptIndex >= 0)
        {
            _groups.AddAnchorGradient(_thetaGradient[_design.FixedEffects.InterceptIndex] + _interceptPriorDerivative, _thetaGradient);
        }

        _groups.Backpropagate(x, g, _thetaGradient);
    }

    public void WriteOutputs(ReadOnlySpan<double> x, Span<double> outputs)
    {
        OutputNaming.Write(_design, _layout, _means, _scaling, _structured, x, outputs);
        var intercept = _design.FixedEffects.InterceptIndex;
        if (intercept < 0)
        {
            return;
        }

        // b_Intercept: the sampled intercept minus the anchored effects, which are the r_ outputs (last, term by term).
        var anchor = _scaling.AnchoredEffects(_layout, outputs);

        outputs[intercept] -= anchor;
    }
}
