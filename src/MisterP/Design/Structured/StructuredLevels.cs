using System.Globalization;
using MisterP.Data;
using MisterP.Formulas;

namespace MisterP.Design.Structured;

/// <summary>
/// Fixes a structured term's levels and graph at fit time, from the data ∪ the frame's levels ∪ <c>--levels</c>, so a
/// level without respondents is part of the model (it borrows from its neighbours, or is forecast by the walk).
/// Ordered terms: <c>--levels</c> order, else numeric order, else chronological for ISO months (2024-01) and dates
/// (2024-01-15); integer, month and date gaps are filled, since a missing step is a step of the walk, not a merged one.
/// </summary>
internal static class StructuredLevels
{
    public static (IReadOnlyList<string> Levels, StructuredTerm Term) Resolve(
        GroupTerm term, DataTable cells, IReadOnlyDictionary<string, ColumnKind> kinds, DesignOptions options, List<string> warnings)
    {
        var spec = term.Structure!;
        if (spec.By is not null)
        {
            return WalkPerLevelLevels.Resolve(term, cells, kinds, options);
        }

        var name = term.GroupName;
        var described = spec.Describe(name);

        var present = DesignRecipe.TextValues(cells, name).Distinct(StringComparer.Ordinal).ToList();
        var extra = options.ExtraLevels is not null && options.ExtraLevels.TryGetValue(name, out var e) ? e : [];
        var all = present.Concat(extra).Distinct(StringComparer.Ordinal).ToList();
        var (levels, structure) = spec.NeedsGraph ? Graph(spec, name, all, options, warnings) : Chain(spec, name, described, all, kinds, options);
        var observed = present.ToHashSet(StringComparer.Ordinal);
        return (levels, structure with { Unobserved = levels.Where(l => !observed.Contains(l)).ToList() });
    }

    private static (IReadOnlyList<string>, StructuredTerm) Chain(
        StructureSpec spec, string name, string described, List<string> all, IReadOnlyDictionary<string, ColumnKind> kinds, DesignOptions options)
    {
        var levels = Ordered(name, described, all, kinds[name] == ColumnKind.Numeric, options.LevelOrder);
        var minimum = spec.Kind == StructureKind.Rw2 ? 3 : 2;
        if (levels.Count < minimum)
        {
            throw new UserInputException($"{described} needs at least {minimum} levels of '{name}'; it has {levels.Count}. Use (1 | {name}) or a numeric term.");
        }

        return (levels, new StructuredTerm(spec.Kind, LevelGraph.Path(levels.Count)));
    }

    internal static List<string> Ordered(string name, string described, List<string> values, bool numeric, IReadOnlyDictionary<string, IReadOnlyList<string>>? order)
    {
        if (order is not null && order.TryGetValue(name, out var given))
        {
            var known = given.ToHashSet(StringComparer.Ordinal);
            var unknown = values.Where(v => !known.Contains(v)).ToList();
            if (unknown.Count > 0)
            {
                throw new UserInputException($"The level order given for '{name}' lacks {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which occur in the data or frame.");
            }

            return given.ToList();
        }

        if (numeric)
        {
            var numbers = values.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Order().ToList();
            if (numbers.All(x => x == Math.Floor(x)) && numbers[^1] - numbers[0] < 10_000)
            {
                return Enumerable.Range(0, (int)(numbers[^1] - numbers[0]) + 1).Select(k => LevelText.Format(numbers[0] + k)).ToList();
            }

            return numbers.Select(LevelText.Format).ToList();
        }

        if (values.All(v => DateTime.TryParseExact(v, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            return Fill(values, "yyyy-MM", d => d.AddMonths(1));
        }

        if (values.All(v => DateTime.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            return Fill(values, "yyyy-MM-dd", d => d.AddDays(1));
        }

        throw new UserInputException(
            $"{described}: '{name}' holds text that has no natural order ({string.Join(", ", values.Take(4).Select(v => $"'{v}'"))}…). " +
            $"Give the order with --levels \"{name}=A,B,C\", or use numbers or ISO months (2024-01).");
    }

    private static List<string> Fill(List<string> values, string format, Func<DateTime, DateTime> next)
    {
        var dates = values.Select(v => DateTime.ParseExact(v, format, CultureInfo.InvariantCulture)).Order().ToList();
        var result = new List<string>();
        for (var d = dates[0]; d <= dates[^1]; d = next(d))
        {
            result.Add(d.ToString(format, CultureInfo.InvariantCulture));
        }

        return result;
    }

    private static (IReadOnlyList<string>, StructuredTerm) Graph(StructureSpec spec, string name, List<string> areas, DesignOptions options, List<string> warnings)
    {
        var described = spec.Describe(name);
        string path;
        if (spec.AdjacencyIsName)
        {
            if (options.Adjacency is null || !options.Adjacency.TryGetValue(spec.Adjacency!, out var bound))
            {
                throw new UserInputException($"car({spec.Adjacency}, gr = {name}, …) names the adjacency '{spec.Adjacency}': pass --adjacency {spec.Adjacency}=FILE with the edge-list CSV.");
            }

            path = bound;
        }
        else
        {
            path = spec.Adjacency!;
        }

        var edges = AdjacencyReader.Read(path, options.Symmetrize);
        var levels = areas.Order(StringComparer.Ordinal).ToList();
        var index = levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var inFile = edges.SelectMany(x => new[] { x.A, x.B }).Distinct(StringComparer.Ordinal).ToList();
        if (!inFile.Any(index.ContainsKey))
        {
            throw new UserInputException(
                $"{described}: no area of '{name}' ({string.Join(", ", levels.Take(4))}…) appears in '{path}' ({string.Join(", ", inFile.Take(4))}…). Check that both use the same codes.");
        }

        var dropped = inFile.Where(a => !index.ContainsKey(a)).Order(StringComparer.Ordinal).ToList();
        if (dropped.Count > 0)
        {
            warnings.Add($"{described}: {dropped.Count} area(s) of '{path}' are in neither the data nor the frame and were left out of the graph: {string.Join(", ", dropped.Take(10))}{(dropped.Count > 10 ? ", …" : "")}.");
        }

        var graph = new LevelGraph(levels.Count, edges.Where(x => index.ContainsKey(x.A) && index.ContainsKey(x.B)).Select(x => (index[x.A], index[x.B])));
        var islands = graph.Islands.Select(i => levels[i]).ToList();
        if (islands.Count > 0)
        {
            var treatment = spec.Kind == StructureKind.Bym2 ? "only BYM2's unstructured part" : "an iid effect with the term's sd";
            warnings.Add($"{described}: {islands.Count} area(s) have no neighbours in the graph and get {treatment}: {string.Join(", ", islands.Take(10))}{(islands.Count > 10 ? ", …" : "")}.");
        }

        return (levels, new StructuredTerm(spec.Kind, graph) { AdjacencyFile = path, Islands = islands, DroppedAreas = dropped });
    }
}
