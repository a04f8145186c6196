namespace MisterP.Interpretation;

/// <summary>What a prediction measures (SPEC §2 <c>--kind</c>).</summary>
public enum PredictionScale
{
    /// <summary>Expected value E[y | x, θ]: a probability per trial for binomial models (Bambi's default, brms posterior_epred).</summary>
    Epred,

    /// <summary>The linear predictor η on the link scale (brms posterior_linpred).</summary>
    Linpred,

    /// <summary>Posterior predictive: a simulated outcome (the mean of a unit's respondents), predictions only.</summary>
    Pps,
}

/// <summary>
/// Which group-level (random) effects a prediction includes. Terms left out contribute zero: the population-level
/// prediction for a typical level (brms <c>re_formula = NA</c>, lme4 <c>re.form = NA</c>, for those terms).
/// </summary>
public enum GroupEffectsMode
{
    /// <summary>
    /// Terms whose grouping factors are all set by the grid (<c>--conditional</c>, the contrast/wrt variable or <c>--at</c>);
    /// every term for unit-level quantities over data, where each unit has its own levels.
    /// </summary>
    Grid,

    /// <summary>Every term: grouping factors not in the grid are held at their mode, as Bambi does.</summary>
    All,

    /// <summary>No group-level effects at all (brms <c>re_formula = NA</c>).</summary>
    None,
}

/// <summary>Options shared by predictions, comparisons and slopes (Bambi <c>interpret</c> / R marginaleffects).</summary>
public sealed record InterpretationOptions
{
    /// <summary>
    /// Grid variables: the first is the main axis (numeric: 50 evenly spaced values over its observed range;
    /// categorical: its levels), the others groups and panels (numeric: 5 quantiles; categorical: levels). Every other
    /// covariate is held at its mean (numeric) or mode (categorical). Empty: unit-level quantities over the data.
    /// </summary>
    public IReadOnlyList<string> Conditional { get; init; } = [];

    /// <summary>Values given for grid variables (replacing their default values) or for held covariates (one value).</summary>
    public IReadOnlyList<VariableValues> At { get; init; } = [];

    /// <summary>
    /// Grouping sets to average over (marginaleffects <c>avg_*(by = )</c>): per draw, the weighted mean of the unit-level
    /// (or grid-row) quantities in each group; an empty set averages over everything. Null: no averaging.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>>? AverageBy { get; init; }

    public PredictionScale Kind { get; init; } = PredictionScale.Epred;

    /// <summary>Central interval probability (posterior quantiles, or Wald confidence level for maximum likelihood).</summary>
    public double Interval { get; init; } = 0.9;

    public GroupEffectsMode GroupEffects { get; init; } = GroupEffectsMode.Grid;

    /// <summary>Data column weighting the units in averages (marginaleffects <c>wts</c>); null: each unit's respondents.</summary>
    public string? Weights { get; init; }

    /// <summary>Ordinal fits: the value of each category for the expected score (<c>--score</c>); null = integer categories, else 1..K.</summary>
    public IReadOnlyList<double>? Scores { get; init; }

    /// <summary>Seed for effects of levels the fit never saw and for posterior predictive draws.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary><c>variable=v1,v2,…</c>: a variable and some of its values (text as in the data; numbers for numeric columns).</summary>
public sealed record VariableValues(string Variable, IReadOnlyList<string> Values)
{
    /// <summary>Parses <c>eth=Black,White</c> or a bare <c>eth</c> (no values); <paramref name="option"/> names the option in errors.</summary>
    public static VariableValues Parse(string text, string option)
    {
        var equals = text.IndexOf('=');
        var variable = (equals < 0 ? text : text[..equals]).Trim();
        if (variable.Length == 0)
        {
            throw new UserInputException($"{option} '{text}' names no variable; write {option} \"eth=Black,White\" (a column and, optionally, its values).");
        }

        var values = equals < 0
            ? []
            : text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries).ToList();
        if (equals >= 0 && values.Any(v => v.Length == 0))
        {
            throw new UserInputException($"{option} '{text}' has an empty value; separate values with commas: {variable}=A,B.");
        }

        return new VariableValues(variable, values);
    }
}
