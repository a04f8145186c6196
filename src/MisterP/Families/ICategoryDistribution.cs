namespace MisterP.Families;

/// <summary>
/// A distribution over K categories given, per posterior draw, a cell's linear predictor(s): what post-stratifying a
/// categorical family needs from its family. Cumulative families have one predictor and per-draw thresholds
/// (<see cref="CumulativeDistribution"/>); categorical and multinomial have one predictor per non-reference category
/// (<see cref="SoftmaxDistribution"/>). Implementations read only, so any thread may call them.
/// </summary>
public interface ICategoryDistribution
{
    /// <summary>K, the number of categories.</summary>
    int CategoryCount { get; }

    /// <summary>Linear predictors per cell: 1 for cumulative, K − 1 for softmax.</summary>
    int PredictorCount { get; }

    /// <summary>P(category k) for k = 0 … K − 1 in draw <paramref name="draw"/> at the cell's predictors <paramref name="eta"/>.</summary>
    void Probabilities(int draw, ReadOnlySpan<double> eta, Span<double> probabilities);
}
