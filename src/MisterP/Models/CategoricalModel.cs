using MisterP.Design;
using MisterP.Families;
using MisterP.Priors;

namespace MisterP.Models;

/// <summary>
/// The unordered MRP model (brms <c>categorical</c> / <c>multinomial</c>): baseline-category logit over cells that
/// hold a count per category, P(y = k) = exp(η_k) / Σ_j exp(η_j) with η_0 = 0 for the reference (first) category and,
/// for every other category c, a whole GLM predictor η_c = α_c + (X − x̄)β_c + Σ Z u_c — every population-level and
/// group term estimated per category (<see cref="CategoryPredictor"/>, one per category, over one shared
/// <see cref="LinearPredictorPlan"/>). The likelihood is <see cref="SoftmaxCells"/>; everything else is the GLM's
/// machinery. Coordinates are the categories' blocks in order; outputs carry brms's names (<see cref="CategoryNames"/>).
/// </summary>
public sealed class CategoricalModel : ILogDensity, IConstrainedOutputs
{
    private readonly ModelDesign _design;
    private readonly IReadOnlyList<string> _names;
    private readonly IReadOnlyList<string> _outputNames;
    private readonly int _outputsPerCategory;
    private readonly CategoryPredictor[] _predictors;

    // Counts per non-reference category and totals N, in the plan's stored order (0 on padding): shared, read only.
    private readonly double[][] _counts;
    private readonly double[] _totals;

    // Per-instance views of the predictors' η and dℓ/dη for the kernel.
    private readonly double[][] _eta;
    private readonly double[][] _dEta;

    public CategoricalModel(ModelDesign design, CategoryPriors priors)
    {
        if (!CategoryFamilies.IsUnordered(design.Family) || design.Response.Categories is not { } categories)
        {
            throw new ArgumentException("A categorical model needs a categorical or multinomial design (with categories).", nameof(design));
        }

        _design = design;
        var views = CategoryViews.Of(design);
        var names = new CategoryNames(categories);
        var layout = new ParameterLayout(views[0]);
        var means = design.PredictorCenters();
        var p = design.FixedEffects.ColumnCount;
        var groupOffsets = new int[layout.Groups.Length];
        var thetaLength = p;
        for (var k = 0; k < layout.Groups.Length; k++)
        {
            groupOffsets[k] = thetaLength;
            thetaLength += layout.Groups[k].Levels * layout.Groups[k].Coefficients;
        }

        var plan = new LinearPredictorPlan(views[0], means, groupOffsets, thetaLength);
        _predictors = views.Select((view, c) => new CategoryPredictor(view, priors.PerCategory[c], layout, plan, means, groupOffsets, EffectScaling.None(view), c * layout.Dimension)).ToArray();
        _names = views.SelectMany((_, c) => layout.Names.Select(n => $"{names.Mu(c + 1)}_{n}")).ToList();
        var glmOutputs = OutputNaming.Names(views[0]);
        _outputsPerCategory = glmOutputs.Count;
        _outputNames = views.SelectMany((_, c) => glmOutputs.Select(n => names.Output(n, c + 1))).ToList();
        _counts = views.Select(v => plan.Permute(v.Response.Y)).ToArray();
        _totals = plan.Permute(views[0].Response.Trials);
        (_eta, _dEta) = Views(_predictors);
    }

    private CategoricalModel(CategoricalModel other, IReadOnlyList<EffectScaling>? scalings = null)
    {
        _design = other._design;
        _names = other._names;
        _outputNames = other._outputNames;
        _outputsPerCategory = other._outputsPerCategory;
        _counts = other._counts;
        _totals = other._totals;
        _predictors = other._predictors.Select((c, i) => c.Fork(scalings?[i])).ToArray();
        (_eta, _dEta) = Views(_predictors);
    }

    public int Dimension => _names.Count;

    public IReadOnlyList<string> ParameterNames => _names;

    public IReadOnlyList<string> OutputNames => _outputNames;

    public ModelDesign Design => _design;

    /// <summary>How each category's group effects are sampled (<see cref="EffectScaling.None"/> unless chosen).</summary>
    public IReadOnlyList<EffectScaling> Scalings => _predictors.Select(p => p.Scaling).ToList();

    public ILogDensity Fork() => new CategoricalModel(this);

    /// <summary>
    /// The same posterior with each category's group effects and coefficients scaled by the information its own
    /// binomial view carries (<see cref="CategoryViews"/>, <see cref="EffectScaling.FromData"/>).
    /// </summary>
    public CategoricalModel WithInformationScaling() =>
        new(this, CategoryViews.Of(_design).Select(v => EffectScaling.FromData(v)).ToList());

    public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g.Clear();
        var lp = 0.0;
        foreach (var predictor in _predictors)
        {
            lp += predictor.Forward(x, g);
        }

        lp += SoftmaxCells.LogLikelihood(_eta, _counts, _totals, _dEta);
        foreach (var predictor in _predictors)
        {
            predictor.Backward(x, g);
        }

        return lp;
    }

    /// <summary>Log-likelihood over the original rows, with the multinomial coefficient of count rows (as R's dmultinom).</summary>
    public double LogLikelihood(ReadOnlySpan<double> x)
    {
        var scratch = new double[Dimension];
        foreach (var predictor in _predictors)
        {
            predictor.Forward(x, scratch);
        }

        return SoftmaxCells.LogLikelihood(_eta, _counts, _totals, _dEta) + _design.Response.LogLikelihoodConstant;
    }

    public void WriteOutputs(ReadOnlySpan<double> x, Span<double> outputs)
    {
        for (var c = 0; c < _predictors.Length; c++)
        {
            _predictors[c].WriteOutputs(x, outputs.Slice(c * _outputsPerCategory, _outputsPerCategory));
        }
    }

    private static (double[][] Eta, double[][] DEta) Views(CategoryPredictor[] predictors) =>
        (predictors.Select(p => p.Eta).ToArray(), predictors.Select(p => p.DEta).ToArray());
}
