namespace MisterP.Design;

/// <summary>How a group term indexes rows: its grouping columns, the fitted levels (joined with '_'), and its coefficient columns.</summary>
public sealed record GroupRecipe(
    string Name,
    IReadOnlyList<string> Factors,
    IReadOnlyList<string> Levels,
    IReadOnlyList<DesignColumn> Coefficients,
    bool Correlated)
{
    /// <summary>The structured prior's graph and kind (rw1, bym2, …); null for iid effects.</summary>
    public Structured.StructuredTerm? Structure { get; init; }
}
