namespace MisterP.Interpretation;

/// <summary>Everything one evaluation needs: units, their scenarios, the quantities and how to report them.</summary>
internal sealed record QuantityRequest(
    InterpretationModel Model,
    UnitTable Units,
    IReadOnlyList<Scenario> Scenarios,
    IReadOnlyList<Estimand> Estimands,
    IReadOnlyList<int> IncludedTerms,
    PredictionScale Kind,
    IReadOnlyList<GroupIndex>? Groups,
    double Interval,
    ulong Seed);

/// <summary>Summaries per estimand and unit (<c>PerUnit[e][i]</c>) or per estimand and group (<c>PerGroup[set][e][g]</c>).</summary>
internal sealed record QuantityResult(
    QuantitySummary[][]? PerUnit,
    QuantitySummary[][][]? PerGroup,
    IReadOnlyList<(string Term, string Level)> NewLevels);
