using MisterP.Data;
using MisterP.Poststrat;

namespace MisterP.Frames;

/// <summary>MARGINS read per area: in file order, each area's margins (variable spec → level → total).</summary>
internal static class AreaMargins
{
    internal sealed record Spec(string Variable, IReadOnlyList<(string Level, double Total)> Totals);

    public static IReadOnlyList<(string Area, IReadOnlyList<Spec> Specs)> Read(ITableSource margins, string by)
    {
        string[] required = [by, "variable", "level", "total"];
        var names = margins.Schema.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (required.Where(c => !names.Contains(c)).ToList() is { Count: > 0 } missing)
        {
            throw new UserInputException(
                $"The margins {margins.Description} lack column(s) {string.Join(", ", missing)}; they must be long format {by},variable,level,total " +
                "(e.g. AL,eth,White,3062011; a two-way margin as AL,eth:age,White:18-29,…).");
        }

        if (margins.Schema.First(c => c.Name == "total").Kind != ColumnKind.Numeric)
        {
            throw new UserInputException($"The margins {margins.Description} have a non-numeric 'total' column.");
        }

        var loaded = margins.Load(required, required);
        if (loaded.RowsDropped > 0)
        {
            throw new UserInputException($"The margins {margins.Description} have {loaded.RowsDropped} row(s) with missing values.");
        }

        var t = loaded.Table;
        var areas = FitVariables.LevelTexts(t[by]);
        var variables = FitVariables.LevelTexts(t["variable"]);
        var levels = FitVariables.LevelTexts(t["level"]);
        var totals = ((NumericColumn)t["total"]).Values;
        var result = new List<(string, IReadOnlyList<Spec>)>();
        foreach (var area in areas.Distinct(StringComparer.Ordinal))
        {
            var rows = Enumerable.Range(0, t.RowCount).Where(i => areas[i] == area).ToList();
            var specs = new List<Spec>();
            foreach (var variable in rows.Select(i => variables[i]).Distinct(StringComparer.Ordinal))
            {
                var entries = rows.Where(i => variables[i] == variable).Select(i => (levels[i], totals[i])).ToList();
                if (entries.GroupBy(e => e.Item1, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    throw new UserInputException($"{margins.Description}: area '{area}', margin {variable} gives level '{twice.Key}' {twice.Count()} times; give each level once.");
                }

                if (entries.FirstOrDefault(e => e.Item2 < 0 || !double.IsFinite(e.Item2)) is { Item1: not null } bad)
                {
                    throw new UserInputException($"{margins.Description}: area '{area}', margin {variable}, level '{bad.Item1}' has total {bad.Item2}; totals must be finite and ≥ 0.");
                }

                specs.Add(new Spec(variable, entries));
            }

            result.Add((area, specs));
        }

        return result;
    }
}
