using MisterP.Families;
using MisterP.Numerics;
using MisterP.Poststrat;

namespace MisterP.Interpretation;

/// <summary>
/// An ordinal (cumulative) unit's values. epred: P(y = k) = F(c_k − η) − F(c_{k−1} − η) for every category k, as
/// brms's posterior_epred gives them, then the expected score Σ score_k·P(y = k). pps: each of the unit's m
/// respondents draws a category (a multinomial draw of m as successive binomials), giving the shares of the
/// drawn categories and their mean score. linpred: η alone (brms's posterior_linpred, without the thresholds).
/// </summary>
internal sealed class CumulativeOutcome : IUnitOutcome
{
    private readonly Link _link;
    private readonly double[] _thresholds;
    private readonly double[] _scores;
    private readonly int _categories;
    private readonly bool _linear;

    public CumulativeOutcome(InterpretationModel model, PredictionScale kind, double[] scores)
    {
        var categories = model.Shape.Categories!;
        _link = model.Shape.Link;
        _thresholds = model.Thresholds!;
        _scores = scores;
        _categories = categories.Count;
        _linear = kind == PredictionScale.Linpred;
        var response = model.ResponseText;
        Values = _linear
            ? [new OutcomeValue("eta", string.Empty, $"linear predictor η of {response} ({FamilyNames.Of(_link)} scale, thresholds apart)")]
            : categories.Select(c => new OutcomeValue("share", c, kind == PredictionScale.Pps ? $"predicted share of {response} in each category" : $"P({response} = category)"))
                .Append(new OutcomeValue("mean", string.Empty, kind == PredictionScale.Pps ? $"predicted mean score of {response}" : $"expected score of {response}"))
                .ToList();
    }

    public int Width => Values.Count;

    public IReadOnlyList<OutcomeValue> Values { get; }

    public void Evaluate(int s, Span<double> eta, ReadOnlySpan<double> respondents, Span<double> values, Xoshiro256? random)
    {
        if (_linear)
        {
            eta.CopyTo(values);
            return;
        }

        var k = _categories;
        var width = k + 1;
        var thresholds = _thresholds.AsSpan(s * (k - 1), k - 1);
        for (var i = 0; i < eta.Length; i++)
        {
            var unit = values.Slice(i * width, width);
            var shares = unit[..k];
            CumulativeKernel.Probabilities(_link, thresholds, eta[i], shares);
            if (random is not null)
            {
                var m = Math.Max(1, Math.Round(respondents[i]));
                PredictiveSampling.Multinomial(random, m, shares);
                for (var c = 0; c < k; c++)
                {
                    shares[c] /= m;
                }
            }

            var mean = 0.0;
            for (var c = 0; c < k; c++)
            {
                mean += _scores[c] * shares[c];
            }

            unit[k] = mean;
        }
    }
}
