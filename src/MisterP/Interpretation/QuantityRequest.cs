namespace MisterP.Interpretation;

/// <summary>Everything one evaluation needs: units, their scenarios, the quantities and how to report them.</summary>
internal sealed record QuantityRequest(
    InterpretationModel Model,
    UnitTable Units,
    IReadOnlyList<Scenario> Scenarios,
    IReadOnlyList<Estimand> Estimands,
    IReadOnlyList<int> IncludedTerms,
    PredictionScale Kind,
    IUnitOutcome Outcome,
    IReadOnlyList<GroupIndex>? Groups,
    double Interval,
    ulong Seed);

/// <summary>
/// Summaries per estimand and unit (<c>PerUnit[e][i·W + v]</c>) or per estimand and group (<c>PerGroup[set][e][g·W + v]</c>),
/// for the W values each unit reports (<see cref="IUnitOutcome.Width"/>).
/// </summary>
internal sealed record QuantityResult(
    QuantitySummary[][]? PerUnit,
    QuantitySummary[][][]? PerGroup,
    IReadOnlyList<(string Term, string Level)> NewLevels);
