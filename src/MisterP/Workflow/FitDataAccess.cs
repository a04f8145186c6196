using MisterP.Data;

namespace MisterP.Workflow;

/// <summary>
/// How a saved fit may reach its data again, as the user chose: by default only through what the fit folder stores
/// (its cells and row → cell index); <see cref="DataSpec"/> when the user points at the data again (<c>--data</c>);
/// the source model.json records only with <see cref="TrustRecordedSpec"/> (<c>--trust-fit</c>), because a
/// recorded query or path comes from whoever wrote the folder.
/// </summary>
public sealed record FitDataAccess
{
    /// <summary>The fit's stored cells only.</summary>
    public static FitDataAccess StoredOnly { get; } = new();

    /// <summary>The data the fit was made from, given again by the user.</summary>
    public string? DataSpec { get; init; }

    /// <summary>Joins to apply to <see cref="DataSpec"/>.</summary>
    public IReadOnlyList<JoinSpec> Joins { get; init; } = [];

    /// <summary>Allow re-running the source (and joins) model.json records, for fit folders without stored cells.</summary>
    public bool TrustRecordedSpec { get; init; }
}
