using MisterP.Design;

namespace MisterP.Poststrat;

/// <summary>
/// Marks the estimates of groups that are levels of a structured term without respondents: their effects are part
/// of the model (fixed at fit time) but known only through the structure — neighbours for icar/bym2, the walk for
/// rw1/rw2/ar1 (a month after the last wave is a forecast). A term over several factors (<c>rw1(month, by = plan)</c>,
/// levels <c>plan_month</c>) marks the groups whose keys name all of its factors.
/// </summary>
public static class ExtrapolatedGroups
{
    public static IReadOnlyList<GroupEstimate> Mark(DesignRecipe recipe, IReadOnlyList<GroupEstimate> estimates)
    {
        var unobserved = recipe.Groups.Where(g => g.Structure is not null)
            .Select(g => (g.Factors, Levels: g.Structure!.Unobserved.ToHashSet(StringComparer.Ordinal)))
            .ToList();
        if (unobserved.Count == 0)
        {
            return estimates;
        }

        return estimates.Select(e => e with
        {
            Extrapolated = unobserved.Any(u => u.Factors.All(e.Keys.ContainsKey) && u.Levels.Contains(string.Join("_", u.Factors.Select(f => e.Keys[f])))),
        }).ToList();
    }
}
