namespace MisterP.Poststrat;

/// <summary>What post-stratification predicts for each frame cell (SPEC §2 <c>--kind</c>).</summary>
public enum PredictionKind
{
    /// <summary>Expected value E[y | cell, θ] (a probability for binomial models).</summary>
    Epred,

    /// <summary>Posterior predictive: the share (or mean) of simulated outcomes of the cell's population.</summary>
    Pps,
}

/// <summary>Options of <c>mrp poststrat</c>.</summary>
public sealed record PoststratOptions
{
    /// <summary>Frame column holding each cell's population count.</summary>
    public required string Weight { get; init; }

    /// <summary>Grouping sets; an empty set is the whole population.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> By { get; init; }

    public PredictionKind Kind { get; init; } = PredictionKind.Epred;

    /// <summary>Central interval probability for <c>lower</c>/<c>upper</c>.</summary>
    public double Interval { get; init; } = 0.9;

    /// <summary>Seed for effects of levels the fit never saw and for posterior predictive draws.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Frame rows read per chunk (memory is chunk × parameters, never cells × draws).</summary>
    public int ChunkRows { get; init; } = 65_536;

    /// <summary>Contrasts between two groups of a one-column grouping set (<c>--contrast "state=CA,TX"</c>).</summary>
    public IReadOnlyList<GroupContrast> Contrasts { get; init; } = [];

    /// <summary>
    /// Combine the respondents' observed outcomes with predictions for the rest of each cell (frame count minus
    /// respondents), for samples that are a large share of the population (<c>--finite-population</c>).
    /// </summary>
    public bool FinitePopulation { get; init; }

    /// <summary>
    /// Accept frame levels the fit never saw (each gets effects drawn from its group's fitted distribution). Off by
    /// default, as in brms: such a level is more often a spelling or coding mismatch ("HS" vs "High school") than a
    /// genuinely new group, and silently drawing its effect changes the estimates.
    /// </summary>
    public bool AllowNewLevels { get; init; }

    /// <summary>
    /// Level orders (<c>--levels</c>, from the fit's model.json): groups are listed with these levels in this order,
    /// other values after them by code point. Empty: every column by code point.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> LevelOrder { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Keep the per-draw group estimates in the result (for <c>--draws-out</c>).</summary>
    public bool KeepDraws { get; init; }

    /// <summary>Ordinal fits: the value of each category for <c>mean</c> (<c>--score</c>); null = integer categories, else 1..K.</summary>
    public IReadOnlyList<double>? Scores { get; init; }

    /// <summary>Ordinal fits: also P(y in the top k categories) (<c>--top k</c>); null = none.</summary>
    public int? Top { get; init; }

    /// <summary>Ordinal fits on a 0–10 item: also the net promoter score, % 9–10 minus % 0–6 (<c>--nps</c>).</summary>
    public bool Nps { get; init; }
}
