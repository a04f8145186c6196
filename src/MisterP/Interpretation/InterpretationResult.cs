namespace MisterP.Interpretation;

/// <summary>Which quantity a result holds (the three functions of Bambi's interpret and R's marginaleffects).</summary>
public enum InterpretationKind
{
    Predictions,
    Comparisons,
    Slopes,
}

/// <summary>A descriptor column of a result (a grid variable, a grouping column, term, contrast); numbers print in round-trip form.</summary>
public sealed record InterpretationColumn(string Name, bool Numeric);

/// <summary>One estimate with the descriptor values (one per <see cref="InterpretationResult.Columns"/>) that say what it is.</summary>
public sealed record InterpretationRow(IReadOnlyList<string> Values, QuantitySummary Summary, double? Weight);

/// <summary>
/// Predictions, comparisons or slopes: descriptor columns and one row per estimate (posterior mean, sd and central
/// interval; or, for maximum likelihood, estimate, standard error and Wald interval), with notes users should read.
/// </summary>
public sealed class InterpretationResult
{
    public required InterpretationKind Kind { get; init; }

    /// <summary>What the estimates measure, for axis labels: <c>P(abortion)</c>, <c>difference in P(abortion)</c>.</summary>
    public required string Measure { get; init; }

    /// <summary>
    /// Categorical outcomes: what each value of the <c>quantity</c> column measures (<c>share</c>: <c>P(rating = category)</c>,
    /// <c>mean</c>: the expected score), for figures of one quantity; null for one value per unit.
    /// </summary>
    public IReadOnlyDictionary<string, string>? QuantityMeasures { get; init; }

    public required IReadOnlyList<InterpretationColumn> Columns { get; init; }

    public required IReadOnlyList<InterpretationRow> Rows { get; init; }

    /// <summary>Posterior summaries (true) or maximum-likelihood estimates with delta-method standard errors (false).</summary>
    public required bool Bayesian { get; init; }

    public required double Interval { get; init; }

    /// <summary>The grid variables in order (main, group, panel, …); empty for unit-level or averaged results.</summary>
    public required IReadOnlyList<string> Conditional { get; init; }

    /// <summary>True when rows are averages over groups (<c>--average-by</c>).</summary>
    public required bool Averaged { get; init; }

    /// <summary>Number of posterior draws behind each estimate (1 for maximum likelihood).</summary>
    public required int DrawCount { get; init; }

    /// <summary>Group levels met that the fit never saw (drawn from their group's distribution, or zero for ml).</summary>
    public required IReadOnlyList<(string Term, string Level)> NewLevels { get; init; }

    /// <summary>What users should know about how the numbers were made (terms left out, variables not in the model, …).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Index of a descriptor column by name, or −1.</summary>
    public int ColumnIndex(string name) => Columns.ToList().FindIndex(c => c.Name == name);
}
