using MisterP.Design;
using MisterP.Families;
using MisterP.Models.Structured;
using MisterP.Priors;

namespace MisterP.Models;

/// <summary>
/// The ordinal MRP model (brms <c>cumulative</c>): P(y ≤ k) = F(c_k − η) for K − 1 ordered thresholds, with
/// η = (X − x̄)β + Σₖ Zₖuₖ[level] (no intercept: the thresholds carry it), over cells that hold a count per category.
/// The linear predictor and the group effects are the shared machinery (<see cref="LinearPredictorPlan"/>,
/// <see cref="GroupEffects"/>, <see cref="EffectScaling"/>); this type adds the thresholds and the likelihood kernel.
/// Thresholds are sampled as Stan's ordered transform, (c₁, log(c₂ − c₁), …), with its Jacobian Σ log differences, on
/// centered predictors as brms's <c>Intercept</c>; outputs report <c>b_Intercept[k]</c> = c_k + x̄·β as brms does.
/// With information scaling, c₁ also absorbs the anchored varying intercepts, with the opposite sign to a GLM's intercept:
/// η enters as c − η, so the data pin c₁ − Σ w·u (not c₁ + Σ w·u), and that is the coordinate sampled.
/// </summary>
public sealed class CumulativeModel : ILogDensity, IConstrainedOutputs
{
    private readonly ModelDesign _design;
    private readonly PriorSet _priors;
    private readonly ParameterLayout _layout;
    private readonly double[] _means;
    private readonly int _p;
    private readonly int _thresholdCount;
    private readonly int _thresholdOffset;
    private readonly IReadOnlyList<string> _names;
    private readonly IReadOnlyList<string> _outputNames;
    private readonly LinearPredictorPlan _plan;
    private readonly int[] _groupOffsets;
    private readonly EffectScaling _scaling;

    // Non-zero category counts per stored cell (CSR): what the likelihood sums over.
    private readonly int[] _entryStart;
    private readonly int[] _entryCategory;
    private readonly double[] _entryCount;

    // Per-instance scratch.
    private readonly double[] _theta;
    private readonly double[] _thetaGradient;
    private readonly double[] _eta;
    private readonly double[] _dEta;
    private readonly double[][] _blockValues;
    private readonly double[][] _blockGradients;
    private readonly double[] _thresholds;
    private readonly double[] _dThresholds;
    private readonly GroupEffects _groups;
    private readonly IStructuredEffect?[] _structured;
    private readonly CumulativeLogitCells? _logit;

    public CumulativeModel(ModelDesign design, PriorSet priors)
    {
        if (design.Family != Family.Cumulative || design.Response.Categories is not { } categories || priors.Thresholds is null)
        {
            throw new ArgumentException("A cumulative model needs a cumulative design (with categories) and threshold priors.", nameof(design));
        }

        _design = design;
        _priors = priors;
        _layout = new ParameterLayout(design);
        _p = design.FixedEffects.ColumnCount;
        _means = design.PredictorCenters();
        _thresholdCount = categories.Count - 1;
        _thresholdOffset = _layout.Dimension;
        _names = _layout.Names.Concat(Enumerable.Range(1, _thresholdCount).Select(k => k == 1 ? "Intercept_centered[1]" : $"log_diff_Intercept[{k}]")).ToList();
        _outputNames = Enumerable.Range(1, _thresholdCount).Select(k => $"b_Intercept[{k}]").Concat(OutputNaming.Names(design)).ToList();
        _groupOffsets = new int[_layout.Groups.Length];
        var thetaLength = _p;
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            _groupOffsets[k] = thetaLength;
            thetaLength += _layout.Groups[k].Levels * _layout.Groups[k].Coefficients;
        }

        _plan = new LinearPredictorPlan(design, _means, _groupOffsets, thetaLength);
        (_entryStart, _entryCategory, _entryCount) = Entries(design.Response, _plan);
        _scaling = EffectScaling.None(design);
        (_theta, _thetaGradient, _eta, _dEta, _blockValues, _blockGradients, _thresholds, _dThresholds) = Scratch();
        _logit = _design.Link == Link.Logit ? new CumulativeLogitCells(_thresholdCount, _plan.CellCount, _entryStart, _entryCategory, _entryCount) : null;
        _structured = StructuredEffects.Build(design, priors);
        _groups = new GroupEffects(_layout, priors, _groupOffsets, _scaling, _theta, _structured);
    }

    private CumulativeModel(CumulativeModel other, EffectScaling? scaling = null)
    {
        _design = other._design;
        _priors = other._priors;
        _layout = other._layout;
        _means = other._means;
        _p = other._p;
        _thresholdCount = other._thresholdCount;
        _thresholdOffset = other._thresholdOffset;
        _names = other._names;
        _outputNames = other._outputNames;
        _plan = other._plan;
        _groupOffsets = other._groupOffsets;
        _entryStart = other._entryStart;
        _entryCategory = other._entryCategory;
        _entryCount = other._entryCount;
        _scaling = scaling ?? other._scaling;
        (_theta, _thetaGradient, _eta, _dEta, _blockValues, _blockGradients, _thresholds, _dThresholds) = Scratch();
        _logit = _design.Link == Link.Logit ? new CumulativeLogitCells(_thresholdCount, _plan.CellCount, _entryStart, _entryCategory, _entryCount) : null;
        _structured = other._structured;
        _groups = new GroupEffects(_layout, _priors, _groupOffsets, _scaling, _theta, _structured);
    }

    public int Dimension => _names.Count;

    public IReadOnlyList<string> ParameterNames => _names;

    public IReadOnlyList<string> OutputNames => _outputNames;

    public ModelDesign Design => _design;

    /// <summary>How the group effects are sampled (<see cref="EffectScaling.None"/> unless chosen).</summary>
    public EffectScaling Scaling => _scaling;

    public ILogDensity Fork() => new CumulativeModel(this);

    /// <summary>The same posterior with group effects scaled by their levels' information (see <see cref="EffectScaling"/>).</summary>
    public CumulativeModel WithEffectScaling(EffectScaling scaling)
    {
        scaling.CheckFits(_design);
        return new CumulativeModel(this, scaling);
    }

    public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g.Clear();
        var lp = _groups.PriorsAndEffects(x, g) + FixedPriors(x, g) + Thresholds(x);
        _plan.Forward(_theta, _blockValues, _eta);
        lp += Likelihood();
        Array.Clear(_thetaGradient);
        _plan.Backward(_dEta, _blockGradients, _thetaGradient);
        for (var j = 0; j < _p; j++)
        {
            g[_layout.BetaIndex[j]] += _thetaGradient[j] / _scaling.FixedScales[j];
        }

        // c_k = c_{k−1} + exp(x_k): every threshold moves with the first coordinate.
        var dAlpha = 0.0;
        for (var k = 0; k < _thresholdCount; k++)
        {
            dAlpha += _dThresholds[k];
        }

        // c₁ = sampled + Σ w·u (the data pin c₁ − u, not c₁ alone), so each anchored u gets +w·∂/∂c₁.
        _groups.AddAnchorGradient(-dAlpha, _thetaGradient);
        _groups.Backpropagate(x, g, _thetaGradient);
        var t0 = _thresholdOffset;
        g[t0] += dAlpha;
        var suffix = 0.0;
        for (var k = _thresholdCount - 1; k >= 1; k--)
        {
            suffix += _dThresholds[k];
            g[t0 + k] += suffix * Math.Exp(x[t0 + k]) + 1;
        }

        return lp;
    }

    /// <summary>Log-likelihood over the original rows (no multinomial coefficient of aggregated cells), as clmm reports it.</summary>
    public double LogLikelihood(ReadOnlySpan<double> x)
    {
        var scratch = new double[Dimension];
        _groups.PriorsAndEffects(x, scratch);
        FixedPriors(x, scratch);
        Thresholds(x);
        _plan.Forward(_theta, _blockValues, _eta);
        return Likelihood();
    }

    /// <summary>No population intercept here (the thresholds take its place), so no intercept derivative.</summary>
    private double FixedPriors(ReadOnlySpan<double> x, Span<double> g)
    {
        var noIntercept = 0.0;
        return FixedEffectPriors.Apply(-1, _priors, _layout, _scaling, _groups, _theta, _p, x, g, ref noIntercept);
    }

    /// <summary>The ordered thresholds from their coordinates, their priors and the transform's Jacobian; seeds ∂/∂c with the priors' derivatives.</summary>
    private double Thresholds(ReadOnlySpan<double> x)
    {
        var t0 = _thresholdOffset;
        var lp = 0.0;
        _thresholds[0] = x[t0] + _groups.Anchor();
        for (var k = 1; k < _thresholdCount; k++)
        {
            _thresholds[k] = _thresholds[k - 1] + Math.Exp(x[t0 + k]);
            lp += x[t0 + k];
        }

        for (var k = 0; k < _thresholdCount; k++)
        {
            lp += _priors.Thresholds![k].LogDensity(_thresholds[k], out var d);
            _dThresholds[k] = d;
        }

        return lp;
    }

    /// <summary>Σ_cells Σ_k n_k·log P(y = k | η); writes dℓ/dη per cell and adds dℓ/dc into the threshold gradient.</summary>
    private double Likelihood() => _logit is null ? LikelihoodAnyLink() : LikelihoodLogit(_logit);

    /// <summary><see cref="Likelihood"/> for the logit link through <see cref="CumulativeLogitCells"/> (its hot path).</summary>
    private double LikelihoodLogit(CumulativeLogitCells logit) =>
        logit.LogLikelihood(_thresholds, _eta, _dEta, _dThresholds);

    private double LikelihoodAnyLink()
    {
        var link = _design.Link;
        var last = _thresholdCount;
        var lp = 0.0;
        for (var i = 0; i < _plan.CellCount; i++)
        {
            var eta = _eta[i];
            var dEta = 0.0;
            for (var e = _entryStart[i]; e < _entryStart[i + 1]; e++)
            {
                var k = _entryCategory[e];
                var n = _entryCount[e];
                var a = k == 0 ? double.NegativeInfinity : _thresholds[k - 1] - eta;
                var b = k == last ? double.PositiveInfinity : _thresholds[k] - eta;
                lp += n * CumulativeKernel.LogProbability(link, a, b, out var dA, out var dB);
                if (k > 0)
                {
                    _dThresholds[k - 1] += n * dA;
                }

                if (k < last)
                {
                    _dThresholds[k] += n * dB;
                }

                dEta -= n * (dA + dB);
            }

            _dEta[i] = dEta;
        }

        return lp;
    }

    public void WriteOutputs(ReadOnlySpan<double> x, Span<double> outputs)
    {
        var t = _thresholdCount;
        var rest = outputs[t..];
        OutputNaming.Write(_design, _layout, _means, _scaling, _structured, x, rest);

        // The anchored effects are the r_ outputs (last, term by term); x̄·β shifts centred thresholds to brms's b_Intercept.
        var anchor = _scaling.AnchoredEffects(_layout, rest);

        var shift = 0.0;
        for (var j = 0; j < _p; j++)
        {
            shift += _means[j] * rest[j];
        }

        var threshold = x[_thresholdOffset] + anchor;
        outputs[0] = threshold + shift;
        for (var k = 1; k < t; k++)
        {
            threshold += Math.Exp(x[_thresholdOffset + k]);
            outputs[k] = threshold + shift;
        }
    }

    private (double[], double[], double[], double[], double[][], double[][], double[], double[]) Scratch() => (
        new double[_plan.ThetaLength], new double[_plan.ThetaLength], new double[_plan.PaddedCount], new double[_plan.PaddedCount],
        _plan.NewBlockBuffers(), _plan.NewBlockBuffers(), new double[_thresholdCount], new double[_thresholdCount]);

    private static (int[] Start, int[] Category, double[] Count) Entries(ResponseData response, LinearPredictorPlan plan)
    {
        var k = response.Categories!.Count;
        var counts = response.CategoryCounts!;
        var start = new int[plan.CellCount + 1];
        var category = new List<int>();
        var count = new List<double>();
        for (var i = 0; i < plan.CellCount; i++)
        {
            var cell = plan.Order[i];
            for (var j = 0; j < k; j++)
            {
                if (counts[cell * k + j] is var n and > 0)
                {
                    category.Add(j);
                    count.Add(n);
                }
            }

            start[i + 1] = category.Count;
        }

        return (start, category.ToArray(), count.ToArray());
    }
}
