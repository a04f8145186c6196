namespace MisterP.Poststrat;

/// <summary>
/// One group's post-stratified estimate: mean, sd and central interval of the per-draw group estimates
/// (DESIGN §6) with their R̂ and ESS, and the group's population (sum of the frame weights).
/// </summary>
public sealed record GroupEstimate(string By, IReadOnlyDictionary<string, string> Keys, EstimateSummary Summary, double Population)
{
    public double Estimate => Summary.Estimate;

    public double Sd => Summary.Sd;

    public double Lower => Summary.Lower;

    public double Upper => Summary.Upper;

    /// <summary>Per-draw estimates when requested (<see cref="PoststratOptions.KeepDraws"/>), else null.</summary>
    public double[]? Draws { get; init; }

    /// <summary>Ordinal fits: <c>share</c>, <c>mean</c>, <c>top_k</c> or <c>nps</c>; null for other families.</summary>
    public string? Quantity { get; init; }

    /// <summary>Ordinal fits: the category of a <c>share</c>, else empty.</summary>
    public string? Category { get; init; }

    /// <summary>
    /// Fits with structured terms: true when the group is a level of a structured term without respondents (its
    /// estimate borrows from neighbours, or is a forecast of the walk); null for fits without structured terms.
    /// </summary>
    public bool? Extrapolated { get; init; }
}

/// <summary>The posterior of the difference between two groups' estimates, summarised like an estimate.</summary>
public sealed record ContrastEstimate(GroupContrast Contrast, EstimateSummary Summary)
{
    public double Estimate => Summary.Estimate;

    /// <summary>Per-draw differences when requested (<see cref="PoststratOptions.KeepDraws"/>), else null.</summary>
    public double[]? Draws { get; init; }

    /// <summary>Categorical fits: the quantity compared (<c>share</c>, <c>mean</c>, …), as in <see cref="GroupEstimate.Quantity"/>.</summary>
    public string? Quantity { get; init; }

    /// <summary>Categorical fits: the category of a <c>share</c>, else empty.</summary>
    public string? Category { get; init; }
}

/// <summary>
/// Estimates for every group of every grouping set, the requested contrasts, and the levels that received fresh
/// effects.
/// </summary>
public sealed record PoststratResult(
    IReadOnlyList<string> GroupingColumns,
    IReadOnlyList<GroupEstimate> Estimates,
    IReadOnlyList<(string Term, string Level)> NewLevels,
    long FrameRows,
    DrawLayout Layout)
{
    public IReadOnlyList<ContrastEstimate> Contrasts { get; init; } = [];

    /// <summary>Probability of the central intervals [lower, upper] (PoststratOptions.Interval).</summary>
    public double Interval { get; init; } = 0.9;

    public int DrawCount => Layout.DrawCount;
}
