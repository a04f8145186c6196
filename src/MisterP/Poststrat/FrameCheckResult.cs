namespace MisterP.Poststrat;

/// <summary>Which side has a level the other lacks.</summary>
public enum LevelSide
{
    /// <summary>A frame level the fit never saw (it would get an effect drawn from its group's distribution).</summary>
    FrameOnly,

    /// <summary>A fit level absent from the frame (nobody in the population has it, or the frame spells it differently).</summary>
    FitOnly,
}

/// <summary>
/// A level one side has and the other lacks, with the population (sum of frame counts) of the frame's cells at that
/// level (0 for fit-only levels) and its most likely counterpart on the other side.
/// </summary>
public sealed record LevelDifference(string Variable, string Level, LevelSide Side, double Population, LevelMatch? Match);

/// <summary>
/// A numeric predictor whose frame values leave the sample's range (an extrapolation), or whose few distinct values
/// differ from the sample's (a different coding, e.g. 0/1 in the frame and ±0.5 in the sample).
/// </summary>
public sealed record NumericRangeIssue(string Variable, double FrameMin, double FrameMax, double SampleMin, double SampleMax, double PopulationOutside, bool Coding);

/// <summary>Everything <see cref="FrameChecker"/> found; <see cref="Compatible"/> is the verdict.</summary>
public sealed record FrameCheckResult(
    IReadOnlyList<string> MissingColumns,
    IReadOnlyList<LevelDifference> NewLevels,
    IReadOnlyList<LevelDifference> AbsentLevels,
    IReadOnlyList<NumericRangeIssue> NumericIssues,
    double Population,
    double? EmptyCellPopulation)
{
    /// <summary>
    /// Compatible when the frame has every model column, no level the fit never saw, and no numeric predictor coded
    /// differently. Fit levels absent from the frame and numeric extrapolation are reported but allowed: a frame may
    /// cover part of the population, and a predictor may legitimately range wider.
    /// </summary>
    public bool Compatible => MissingColumns.Count == 0 && NewLevels.Count == 0 && !NumericIssues.Any(n => n.Coding);

    /// <summary>Share of the population in cells with no respondents (null when the sample was not at hand).</summary>
    public double? EmptyCellShare => EmptyCellPopulation is { } e && Population > 0 ? e / Population : null;
}
