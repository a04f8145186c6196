using System.Globalization;
using MisterP.Data;
using MisterP.Formulas;

namespace MisterP.Design.Structured;

/// <summary>
/// Levels and graph of <c>rw1(month, by = plan)</c>: every plan × every month (data ∪ frame ∪ <c>--levels</c>, months
/// ordered and gap-filled as for <c>rw1(month)</c>), named <c>plan_month</c> as <c>(1 | plan:month)</c> names its
/// levels, so poststrat finds a frame row's effect the same way; the graph is one chain over the months per plan.
/// A plan × month without respondents is part of its plan's walk (interpolated or forecast), not a new level.
/// </summary>
internal static class WalkPerLevelLevels
{
    public static (IReadOnlyList<string> Levels, StructuredTerm Term) Resolve(
        GroupTerm term, DataTable cells, IReadOnlyDictionary<string, ColumnKind> kinds, DesignOptions options)
    {
        var spec = term.Structure!;
        var by = spec.By!;
        var walk = term.GroupFactors[^1];
        var described = spec.Describe(term.GroupName);
        if (spec.Kind != StructureKind.Rw1)
        {
            throw new UserInputException($"{described}: by = is available for rw1 only; write rw1({walk}, by = {by}), or {spec.Kind.ToString().ToLowerInvariant()}({walk}) + (1 | {by}:{walk}).");
        }

        var months = StructuredLevels.Ordered(walk, described, Values(walk, cells, options), kinds[walk] == ColumnKind.Numeric, options.LevelOrder);
        if (months.Count < 2)
        {
            throw new UserInputException($"{described} needs at least 2 levels of '{walk}'; it has {months.Count}. Use (1 | {by}:{walk}) or a numeric term.");
        }

        var plans = ByLevels(by, Values(by, cells, options), kinds[by] == ColumnKind.Numeric, options.LevelOrder);
        var levels = plans.SelectMany(p => months.Select(m => p + "_" + m)).ToList();
        var byText = DesignRecipe.TextValues(cells, by);
        var walkText = DesignRecipe.TextValues(cells, walk);
        var observed = Enumerable.Range(0, cells.RowCount).Select(i => byText[i] + "_" + walkText[i]).ToHashSet(StringComparer.Ordinal);
        var structure = new StructuredTerm(spec.Kind, LevelGraph.Paths(plans.Count, months.Count))
        {
            By = by,
            Unobserved = levels.Where(l => !observed.Contains(l)).ToList(),
        };
        return (levels, structure);
    }

    private static List<string> Values(string column, DataTable cells, DesignOptions options)
    {
        var extra = options.ExtraLevels is not null && options.ExtraLevels.TryGetValue(column, out var e) ? e : [];
        return DesignRecipe.TextValues(cells, column).Concat(extra).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The by factor's levels as an iid term orders them: <c>--levels</c>, else numeric, else by code point.</summary>
    private static List<string> ByLevels(string by, List<string> values, bool numeric, IReadOnlyDictionary<string, IReadOnlyList<string>>? order)
    {
        if (order is not null && order.TryGetValue(by, out var given))
        {
            var unknown = values.Where(v => !given.Contains(v)).ToList();
            if (unknown.Count > 0)
            {
                throw new UserInputException($"The level order given for '{by}' lacks {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which occur in the data or frame.");
            }

            return given.Where(values.Contains).ToList();
        }

        return numeric
            ? values.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList()
            : values.Order(StringComparer.Ordinal).ToList();
    }
}
