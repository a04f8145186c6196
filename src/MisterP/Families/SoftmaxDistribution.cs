namespace MisterP.Families;

/// <summary>Unordered categories (baseline-category logit): P(k) = exp(η_k) / Σ_j exp(η_j) with η_0 = 0.</summary>
/// <param name="CategoryCount">K.</param>
public sealed record SoftmaxDistribution(int CategoryCount) : ICategoryDistribution
{
    public int PredictorCount => CategoryCount - 1;

    public void Probabilities(int draw, ReadOnlySpan<double> eta, Span<double> probabilities) => SoftmaxCells.Probabilities(eta, probabilities);
}
