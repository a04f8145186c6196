using MisterP.Models.Structured;
using MisterP.Design;
using MisterP.Priors;

namespace MisterP.Models;

/// <summary>
/// One non-reference category's linear predictor inside a <see cref="CategoricalModel"/>: a GLM predictor
/// η_c = α_c + (X − x̄)β_c + Σ Z u_c over the shared <see cref="LinearPredictorPlan"/>, with its own coordinates (a
/// slice of the model's, at <see cref="Offset"/>), priors, information scaling and group effects — the same
/// parameterization as <see cref="HierarchicalGlm"/>'s (centred intercept absorbing the anchored varying intercepts,
/// information-scaled non-centred effects). Holds per-instance scratch: one per chain.
/// </summary>
internal sealed class CategoryPredictor
{
    private readonly ModelDesign _view;
    private readonly PriorSet _priors;
    private readonly ParameterLayout _layout;
    private readonly LinearPredictorPlan _plan;
    private readonly double[] _means;
    private readonly EffectScaling _scaling;
    private readonly int[] _groupOffsets;
    private readonly double[] _theta;
    private readonly double[] _thetaGradient;
    private readonly double[][] _blockValues;
    private readonly double[][] _blockGradients;
    private readonly GroupEffects _groups;
    private readonly int _p;
    private double _interceptPriorDerivative;

    private readonly IStructuredEffect?[] _iidTerms;

    public CategoryPredictor(ModelDesign view, PriorSet priors, ParameterLayout layout, LinearPredictorPlan plan, double[] means, int[] groupOffsets, EffectScaling scaling, int offset)
    {
        _view = view;
        _priors = priors;
        _layout = layout;
        _plan = plan;
        _means = means;
        _groupOffsets = groupOffsets;
        _scaling = scaling;
        Offset = offset;
        _p = view.FixedEffects.ColumnCount;
        _theta = new double[plan.ThetaLength];
        _thetaGradient = new double[plan.ThetaLength];
        _blockValues = plan.NewBlockBuffers();
        _blockGradients = plan.NewBlockBuffers();
        Eta = new double[plan.PaddedCount];
        DEta = new double[plan.PaddedCount];
        // Structured priors are refused for the unordered families at fit time (ModelFitter): every term here is iid.
        _iidTerms = new IStructuredEffect?[view.GroupTerms.Count];
        _groups = new GroupEffects(layout, priors, groupOffsets, scaling, _theta, _iidTerms);
    }

    /// <summary>Where this predictor's coordinates start in the model's.</summary>
    public int Offset { get; }

    public EffectScaling Scaling => _scaling;

    /// <summary>η over the plan's stored (padded) cells, after <see cref="Forward"/>.</summary>
    public double[] Eta { get; }

    /// <summary>dℓ/dη over the stored cells, for the likelihood kernel to fill before <see cref="Backward"/>.</summary>
    public double[] DEta { get; }

    /// <summary>A fresh instance (own scratch) over the same predictor, optionally with another scaling.</summary>
    public CategoryPredictor Fork(EffectScaling? scaling = null) =>
        new(_view, _priors, _layout, _plan, _means, _groupOffsets, scaling ?? _scaling, Offset);

    /// <summary>The priors of this predictor's parameters (gradient into <paramref name="g"/>), then η from them.</summary>
    public double Forward(ReadOnlySpan<double> x, Span<double> g)
    {
        var own = x.Slice(Offset, _layout.Dimension);
        var ownGradient = g.Slice(Offset, _layout.Dimension);
        var lp = _groups.PriorsAndEffects(own, ownGradient) + FixedPriors(own, ownGradient);
        _plan.Forward(_theta, _blockValues, Eta);
        return lp;
    }

    /// <summary>From <see cref="DEta"/> back to this predictor's coordinates (added into <paramref name="g"/>).</summary>
    public void Backward(ReadOnlySpan<double> x, Span<double> g)
    {
        var own = x.Slice(Offset, _layout.Dimension);
        var ownGradient = g.Slice(Offset, _layout.Dimension);
        Array.Clear(_thetaGradient);
        _plan.Backward(DEta, _blockGradients, _thetaGradient);
        for (var j = 0; j < _p; j++)
        {
            ownGradient[_layout.BetaIndex[j]] += _thetaGradient[j] / _scaling.FixedScales[j];
        }

        // The intercept in θ is the sampled one minus Σ w·u: each anchored u also gets −w·∂/∂α (likelihood and prior).
        if (_view.FixedEffects.InterceptIndex >= 0)
        {
            _groups.AddAnchorGradient(_thetaGradient[_view.FixedEffects.InterceptIndex] + _interceptPriorDerivative, _thetaGradient);
        }

        _groups.Backpropagate(own, ownGradient, _thetaGradient);
    }

    /// <summary>This predictor's outputs in GLM order (<see cref="OutputNaming"/>), b_Intercept on the original scale.</summary>
    public void WriteOutputs(ReadOnlySpan<double> x, Span<double> outputs)
    {
        OutputNaming.Write(_view, _layout, _means, _scaling, _iidTerms, x.Slice(Offset, _layout.Dimension), outputs);
        if (_view.FixedEffects.InterceptIndex is var intercept and >= 0)
        {
            outputs[intercept] -= _scaling.AnchoredEffects(_layout, outputs);
        }
    }

    private double FixedPriors(ReadOnlySpan<double> x, Span<double> g) =>
        FixedEffectPriors.Apply(_view.FixedEffects.InterceptIndex, _priors, _layout, _scaling, _groups, _theta, _p, x, g, ref _interceptPriorDerivative);
}
