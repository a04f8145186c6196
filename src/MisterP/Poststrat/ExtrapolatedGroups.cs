using MisterP.Design;

namespace MisterP.Poststrat;

/// <summary>
/// Marks the estimates of groups that are levels of a structured term without respondents: their effects are part
/// of the model (fixed at fit time) but known only through the structure — neighbours for icar/bym2, the walk for
/// rw1/rw2/ar1 (a month after the last wave is a forecast).
/// </summary>
public static class ExtrapolatedGroups
{
    public static IReadOnlyList<GroupEstimate> Mark(DesignRecipe recipe, IReadOnlyList<GroupEstimate> estimates)
    {
        var unobserved = recipe.Groups.Where(g => g.Structure is not null && g.Factors.Count == 1)
            .ToDictionary(g => g.Factors[0], g => g.Structure!.Unobserved.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        if (unobserved.Count == 0)
        {
            return estimates;
        }

        return estimates.Select(e => e with
        {
            Extrapolated = e.Keys.Any(k => unobserved.TryGetValue(k.Key, out var levels) && levels.Contains(k.Value)),
        }).ToList();
    }
}
