namespace MisterP.Batch;

/// <summary>
/// The option names a manifest entry may use: the <c>mrp fit</c> / <c>mrp poststrat</c> option names without dashes,
/// so a manifest reads like the commands it replaces. List options take several values (a JSON array, or
/// <c>;</c>-separated in the CSV form).
/// </summary>
public static class BatchOptionNames
{
    public static readonly IReadOnlySet<string> Scalars = new HashSet<string>(StringComparer.Ordinal)
    {
        "data", "where", "formula", "family", "link", "method", "chains", "warmup", "draws", "seed", "target-accept",
        "max-treedepth", "metric", "no-aggregate", "frame", "weight", "kind", "interval", "poststrat-seed", "finite-population",
        "allow-new-levels",
        "score", "top", "nps",
    };

    public static readonly IReadOnlySet<string> Lists = new HashSet<string>(StringComparer.Ordinal)
    {
        "join", "on", "prior", "levels", "by", "contrast", "frame-join", "frame-on",
    };

    public static bool IsKnown(string name) => name == "id" || Scalars.Contains(name) || Lists.Contains(name);

    /// <summary>The known name closest to <paramref name="name"/>, for "did you mean" hints.</summary>
    public static string? Closest(string name) =>
        Scalars.Concat(Lists).Select(n => (n, d: Data.EditDistance.Between(name, n))).Where(x => x.d <= 3).OrderBy(x => x.d).Select(x => x.n).FirstOrDefault();
}
