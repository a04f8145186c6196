namespace MisterP.Formulas;

/// <summary>The prior a structured group term puts on its effect vector (README, "Structured priors").</summary>
public enum StructureKind
{
    /// <summary>First-order random walk over ordered levels: u_t − u_{t−1} ~ N(0, σ²).</summary>
    Rw1,

    /// <summary>Second-order random walk: u_t − 2u_{t−1} + u_{t−2} ~ N(0, σ²).</summary>
    Rw2,

    /// <summary>Stationary first-order autoregression with correlation ρ ∈ (−1, 1).</summary>
    Ar1,

    /// <summary>Intrinsic conditional autoregression over an adjacency graph (Besag, York &amp; Mollié 1991).</summary>
    Icar,

    /// <summary>Scaled ICAR plus iid mixed by ρ ∈ (0, 1) (Riebler et al. 2016).</summary>
    Bym2,
}

/// <summary>
/// What makes a group term structured: <c>rw1(month)</c>, <c>icar(state, adjacency = "adj.csv")</c>, brms's
/// <c>car(W, gr = state, type = "bym2")</c>. <see cref="Adjacency"/> is a file path, or for <c>car()</c> the name
/// (<c>W</c>) that <c>--adjacency W=FILE</c> resolves; <see cref="By"/> is <c>rw1(month, by = plan)</c>'s factor.
/// </summary>
public sealed record StructureSpec(StructureKind Kind, string? Adjacency = null, string? By = null)
{
    /// <summary>True for the graph priors, which need an adjacency file.</summary>
    public bool NeedsGraph => Kind is StructureKind.Icar or StructureKind.Bym2;

    /// <summary>True when <see cref="Adjacency"/> is a name given to <c>car()</c>, resolved by <c>--adjacency NAME=FILE</c>.</summary>
    public bool AdjacencyIsName { get; init; }

    /// <summary>The term as a user would write it, for messages and model.json (a by-walk's group is <c>rw1_plan:month</c>).</summary>
    public string Describe(string group) => Kind switch
    {
        StructureKind.Icar or StructureKind.Bym2 => $"{Kind.ToString().ToLowerInvariant()}({group})",
        _ when By is not null => $"{Kind.ToString().ToLowerInvariant()}({group.Split(':')[^1]}, by = {By})",
        _ => $"{Kind.ToString().ToLowerInvariant()}({group})",
    };
}
