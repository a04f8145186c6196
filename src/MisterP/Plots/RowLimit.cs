namespace MisterP.Plots;

/// <summary>
/// Keeps one-row-per-group figures readable and their images a sane size: beyond a limit, only the highest and lowest
/// rows of a sorted list are drawn (the extremes are what such plots are read for) and the title says how many are left
/// out.
/// </summary>
internal static class RowLimit
{
    /// <summary>Rows a group-effects panel shows at most.</summary>
    public const int Effects = 80;

    /// <summary>Rows an estimates or predictive-check plot shows at most.</summary>
    public const int Groups = 400;

    public static (List<T> Kept, int LeftOut) Extremes<T>(IReadOnlyList<T> sorted, int limit)
    {
        if (sorted.Count <= limit)
        {
            return (sorted.ToList(), 0);
        }

        var half = limit / 2;
        return (sorted.Take(half).Concat(sorted.Skip(sorted.Count - half)).ToList(), sorted.Count - 2 * half);
    }

    /// <summary>A title suffix such as " (highest and lowest 40 of 120; 40 not shown)", or nothing.</summary>
    public static string Note(int kept, int leftOut) =>
        leftOut == 0 ? string.Empty : $" (highest and lowest {kept / 2} of {kept + leftOut}; {leftOut} not shown)";
}
