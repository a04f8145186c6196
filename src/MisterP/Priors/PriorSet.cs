namespace MisterP.Priors;

/// <summary>One line of the priors written to model.json: which parameter(s), which distribution, and where it came from.</summary>
public sealed record PriorEntry(string Target, string Distribution, string Source);

/// <summary>
/// The priors of a hierarchical GLM, resolved per parameter: intercept (on centered predictors), each fixed
/// coefficient, each group sd, each correlated group's LKJ shape, sigma and shape.
/// </summary>
public sealed class PriorSet
{
    public required PriorDistribution? Intercept { get; init; }

    /// <summary>Per fixed-effect column (null at the intercept's index).</summary>
    public required PriorDistribution?[] Coefficients { get; init; }

    /// <summary>Per group term, per varying coefficient.</summary>
    public required PriorDistribution[][] GroupSds { get; init; }

    /// <summary>Per group term: LKJ η (used only for correlated terms).</summary>
    public required double[] CorrelationEta { get; init; }

    public required PriorDistribution? Sigma { get; init; }

    public required PriorDistribution? Shape { get; init; }

    public required IReadOnlyList<PriorEntry> Entries { get; init; }

    /// <summary>Parameters whose prior is improper (flat), which sampling the prior alone cannot do.</summary>
    public IReadOnlyList<string> ImproperTargets() =>
        Entries.Where(e => e.Distribution.StartsWith("flat", StringComparison.OrdinalIgnoreCase)).Select(e => e.Target).ToList();

    /// <summary>
    /// Ordinal models: the prior of each of the K − 1 thresholds, on centered predictors (brms's <c>Intercept</c>
    /// class, which <c>--prior "Intercept ~ …"</c> targets); null for other families.
    /// </summary>
    public PriorDistribution[]? Thresholds { get; init; }

    /// <summary>
    /// Per group term, the prior of a structured term's correlation (BYM2's ρ ∈ (0, 1), AR1's ρ ∈ (−1, 1); a beta
    /// prior for AR1 applies to (ρ + 1)/2); null for other terms. Empty when the model has no structured term.
    /// </summary>
    public PriorDistribution?[] StructureCorrelations { get; init; } = [];
}
