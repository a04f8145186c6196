namespace MisterP.Poststrat;

/// <summary>
/// One group's post-stratified estimate: mean, sd and central interval of the per-draw group estimates
/// (DESIGN §6), and the group's population (sum of the frame weights).
/// </summary>
public sealed record GroupEstimate(
    string By,
    IReadOnlyDictionary<string, string> Keys,
    double Estimate,
    double Sd,
    double Lower,
    double Upper,
    double Population)
{
    /// <summary>Per-draw estimates when requested (<see cref="PoststratOptions.KeepDraws"/>), else null.</summary>
    public double[]? Draws { get; init; }
}

/// <summary>Estimates for every group of every grouping set, plus the levels that received fresh effects.</summary>
public sealed record PoststratResult(
    IReadOnlyList<string> GroupingColumns,
    IReadOnlyList<GroupEstimate> Estimates,
    IReadOnlyList<(string Term, string Level)> NewLevels,
    long FrameRows,
    int DrawCount);
