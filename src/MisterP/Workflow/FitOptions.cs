using MisterP.Data;
using MisterP.Families;
using MisterP.Inference;

namespace MisterP.Workflow;

/// <summary>Everything that shapes a fit besides the data and the formula (SPEC §2 <c>mrp fit</c> options).</summary>
public sealed record FitOptions
{
    /// <summary>Null: inferred from the response (bernoulli for 0/1, binomial with trials, else gaussian).</summary>
    public Family? Family { get; init; }

    /// <summary>Null: the family's canonical default.</summary>
    public Link? Link { get; init; }

    public FitMethod Method { get; init; } = FitMethod.Nuts;

    public SamplerOptions Sampler { get; init; } = new();

    /// <summary>
    /// NUTS samples group effects scaled by their levels' information (<see cref="Models.EffectScaling"/>), which
    /// removes the divergences of plain non-centering on MRP posteriors; false samples them plainly non-centered, as
    /// rstanarm and brms do. The posterior is the same either way.
    /// </summary>
    public bool InformationScaling { get; init; } = true;

    /// <summary>Prior overrides as the user wrote them, e.g. <c>"sd_state ~ exponential(2)"</c>.</summary>
    public IReadOnlyList<string> Priors { get; init; } = [];

    /// <summary>Sample the prior alone (the same model without its likelihood), for prior predictive checks (NUTS only).</summary>
    public bool PriorOnly { get; init; }

    /// <summary>Aggregate rows with identical predictors into cells where that is exact.</summary>
    public bool Aggregate { get; init; } = true;

    /// <summary>Group-level predictor files joined to the data.</summary>
    public IReadOnlyList<JoinSpec> Joins { get; init; } = [];

    /// <summary>
    /// Recodes (<c>--recode FILE</c>) applied to the data when the fit opens it from a spec (an open source is taken
    /// as already recoded), saved in model.json so post-stratification applies them to the frame too.
    /// </summary>
    public RecodeRules Recode { get; init; } = RecodeRules.None;

    /// <summary>Explicit level orders per categorical column (else code-point order).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? LevelOrder { get; init; }

    /// <summary>brms's <c>car(W, …)</c> adjacency names bound to files (<c>--adjacency W=FILE</c>).</summary>
    public IReadOnlyDictionary<string, string>? Adjacency { get; init; }

    /// <summary>Accept one-way adjacency rows as undirected edges (<c>--symmetrize</c>).</summary>
    public bool Symmetrize { get; init; }

    /// <summary>
    /// A population frame (<c>mrp fit --frame</c>) whose levels of structured terms' grouping columns join the model's
    /// levels, so areas and months without respondents are modelled (and marked extrapolated at poststrat time).
    /// </summary>
    public string? LevelsFrame { get; init; }
}
