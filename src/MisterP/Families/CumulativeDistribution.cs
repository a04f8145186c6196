namespace MisterP.Families;

/// <summary>Cumulative (ordinal) categories: P(y ≤ k) = F(c_k − η) with each draw's thresholds.</summary>
/// <param name="Link">The cumulative link.</param>
/// <param name="Thresholds">Per draw, its K − 1 thresholds, <c>[s·(K − 1) + k]</c>.</param>
/// <param name="CategoryCount">K.</param>
public sealed record CumulativeDistribution(Link Link, double[] Thresholds, int CategoryCount) : ICategoryDistribution
{
    public int PredictorCount => 1;

    public void Probabilities(int draw, ReadOnlySpan<double> eta, Span<double> probabilities) =>
        CumulativeKernel.Probabilities(Link, Thresholds.AsSpan(draw * (CategoryCount - 1), CategoryCount - 1), eta[0], probabilities);
}
