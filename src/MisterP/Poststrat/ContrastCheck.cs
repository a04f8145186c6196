namespace MisterP.Poststrat;

/// <summary>Checks and per-draw differences of <see cref="GroupContrast"/>s.</summary>
internal static class ContrastCheck
{
    /// <summary>Before any work: each contrast's variable must be a one-column grouping set.</summary>
    public static void RequireGroupingSets(IReadOnlyList<GroupContrast> contrasts, IReadOnlyList<IReadOnlyList<string>> by)
    {
        foreach (var contrast in contrasts)
        {
            if (!by.Any(set => set.Count == 1 && set[0] == contrast.Variable))
            {
                var sets = string.Join(", ", by.Select(set => $"'{GroupingSet.Label(set)}'"));
                throw new UserInputException(
                    $"--contrast '{contrast.Label}': '{contrast.Variable}' is not a --by set (the sets are {sets}). " +
                    $"A contrast compares two groups of a one-column set: add --by {contrast.Variable}.");
            }
        }
    }

    /// <summary>estimate(First) − estimate(Second), draw by draw.</summary>
    public static double[] Difference(GroupContrast contrast, IReadOnlyList<GroupDraws> groups)
    {
        var first = Find(contrast, contrast.First, groups);
        var second = Find(contrast, contrast.Second, groups);
        var difference = new double[first.Draws.Length];
        for (var s = 0; s < difference.Length; s++)
        {
            difference[s] = first.Draws[s] - second.Draws[s];
        }

        return difference;
    }

    private static GroupDraws Find(GroupContrast contrast, string level, IReadOnlyList<GroupDraws> groups)
    {
        var group = groups.FirstOrDefault(g => g.Keys[contrast.Variable] == level);
        if (group is null)
        {
            var levels = groups.Select(g => g.Keys[contrast.Variable]).ToList();
            throw new UserInputException(
                $"--contrast '{contrast.Label}': the frame has no '{contrast.Variable}' level '{level}'. Its levels are: " +
                string.Join(", ", levels.Take(30)) + (levels.Count > 30 ? $", … ({levels.Count} in all)." : "."));
        }

        if (group.Population <= 0)
        {
            throw new UserInputException(
                $"--contrast '{contrast.Label}': '{contrast.Variable}={level}' has population 0 in the frame, so its estimate is undefined.");
        }

        return group;
    }
}
