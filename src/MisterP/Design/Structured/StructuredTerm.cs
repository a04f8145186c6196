using MisterP.Formulas;

namespace MisterP.Design.Structured;

/// <summary>
/// A group term's structure as fixed at fit time: the prior's kind and the graph over the term's levels (a chain for
/// rw1/rw2/ar1, the adjacency for icar/bym2), with what the user should know about how it was derived. Stored in
/// the recipe (model.json), so poststrat and refits need no second copy of the adjacency file.
/// </summary>
public sealed record StructuredTerm(StructureKind Kind, LevelGraph Graph)
{
    /// <summary>The adjacency file read (icar/bym2), as given.</summary>
    public string? AdjacencyFile { get; init; }

    /// <summary>Levels in the data or frame that the adjacency file does not list (no neighbours).</summary>
    public IReadOnlyList<string> Islands { get; init; } = [];

    /// <summary>Areas in the adjacency file that are in neither data nor frame, left out of the graph.</summary>
    public IReadOnlyList<string> DroppedAreas { get; init; } = [];

    /// <summary>Levels with no respondents in the fit's data: their effects come from the prior's structure alone.</summary>
    public IReadOnlyList<string> Unobserved { get; init; } = [];

    /// <summary>
    /// <c>rw1(month, by = plan)</c>'s factor: the graph is then one chain per level of it (a component each), the term's
    /// levels <c>plan_month</c> as <c>(1 | plan:month)</c> names them, one σ shared by every walk; null otherwise.
    /// </summary>
    public string? By { get; init; }

    /// <summary>True for the ordered kinds (a chain over the levels).</summary>
    public bool Ordered => Kind is StructureKind.Rw1 or StructureKind.Rw2 or StructureKind.Ar1;

    /// <summary>brms-style name of the correlation output: rho_state (BYM2), ar_month (AR1); null otherwise.</summary>
    public string? CorrelationName(string group) => Kind switch
    {
        StructureKind.Bym2 => $"rho_{group}",
        StructureKind.Ar1 => $"ar_{group}",
        _ => null,
    };
}
