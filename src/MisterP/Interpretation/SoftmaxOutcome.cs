using MisterP.Families;
using MisterP.Numerics;
using MisterP.Poststrat;

namespace MisterP.Interpretation;

/// <summary>
/// A categorical or multinomial unit's values, from its K − 1 linear predictors (η laid out <c>[p·units + i]</c>).
/// epred: P(y = k) = exp(η_k) / Σ_j exp(η_j) with η_0 = 0 for every category, as brms's posterior_epred gives them.
/// pps: each of the unit's m respondents draws a category, giving the drawn categories' shares. linpred: η_k of each
/// non-reference category (brms's posterior_linpred per <c>mu</c>), the log-odds against the reference category.
/// Unordered categories have no score, so no mean is reported.
/// </summary>
internal sealed class SoftmaxOutcome : IUnitOutcome
{
    private readonly int _categories;
    private readonly bool _linear;

    public SoftmaxOutcome(InterpretationModel model, PredictionScale kind)
    {
        var categories = model.Shape.Categories!;
        _categories = categories.Count;
        _linear = kind == PredictionScale.Linpred;
        var response = model.ResponseText;
        Values = _linear
            ? categories.Skip(1).Select(c => new OutcomeValue("eta", c, $"linear predictor of {response} (log-odds of the category against '{categories[0]}')")).ToList()
            : categories.Select(c => new OutcomeValue("share", c, kind == PredictionScale.Pps ? $"predicted share of {response} in each category" : $"P({response} = category)")).ToList();
    }

    public int Width => Values.Count;

    public IReadOnlyList<OutcomeValue> Values { get; }

    public void Evaluate(int s, Span<double> eta, ReadOnlySpan<double> respondents, Span<double> values, Xoshiro256? random)
    {
        var k = _categories;
        var units = eta.Length / (k - 1);
        Span<double> predictors = k <= 64 ? stackalloc double[k - 1] : new double[k - 1];
        for (var i = 0; i < units; i++)
        {
            for (var p = 0; p < k - 1; p++)
            {
                predictors[p] = eta[p * units + i];
            }

            if (_linear)
            {
                predictors.CopyTo(values.Slice(i * (k - 1), k - 1));
                continue;
            }

            var shares = values.Slice(i * k, k);
            SoftmaxCells.Probabilities(predictors, shares);
            if (random is not null)
            {
                var m = Math.Max(1, Math.Round(respondents[i]));
                PredictiveSampling.Multinomial(random, m, shares);
                for (var c = 0; c < k; c++)
                {
                    shares[c] /= m;
                }
            }
        }
    }
}
