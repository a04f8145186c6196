namespace MisterP.Checking;

/// <summary>What <c>mrp loo</c> reports: each model's LOO (and WAIC), and for several models the comparison and weights.</summary>
public sealed record LooAnalysis(
    IReadOnlyList<ModelLoo> Models,
    IReadOnlyList<LooComparisonRow>? Comparison,
    WeightMethod? WeightMethod,
    IReadOnlyList<double>? Weights)
{
    /// <summary>
    /// Compares <paramref name="models"/> (already lined up on the same observations) and weighs them; one model
    /// gives its LOO alone.
    /// </summary>
    public static LooAnalysis Of(IReadOnlyList<ModelLoo> models, WeightMethod method, ulong seed)
    {
        if (models.Count < 2)
        {
            return new LooAnalysis(models, null, null, null);
        }

        var comparison = LooComparison.Compare(models.Select(m => (m.Name, m.Loo)).ToList());
        var loos = models.Select(m => m.Loo).ToList();
        var weights = method switch
        {
            Checking.WeightMethod.Stacking => ModelWeights.Stacking(loos),
            Checking.WeightMethod.PseudoBma => ModelWeights.PseudoBma(loos),
            _ => ModelWeights.PseudoBmaPlus(loos, seed),
        };
        return new LooAnalysis(models, comparison, method, weights);
    }
}

/// <summary>One model's results and what its pointwise values stand for.</summary>
public sealed record ModelLoo(string Name, LooResult Loo, WaicResult Waic, string Unit);
