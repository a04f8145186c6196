using System.Globalization;
using MisterP.Interpretation;

namespace MisterP.Plots;

/// <summary>
/// Which column of a result goes where in its figure (x axis, colours, panels) and the rows to draw; every row must
/// be identified by its main, group and panel values, or the figure would overplot rows that differ in something else.
/// </summary>
internal sealed class InterpretationFacets
{
    private readonly int _main;
    private readonly int _group;
    private readonly int _panel;

    private InterpretationFacets(InterpretationResult result, int main, int group, int panel, IReadOnlyList<InterpretationRow> rows)
    {
        _main = main;
        _group = group;
        _panel = panel;
        Rows = rows;
        Main = result.Columns[main].Name;
        Group = group >= 0 ? result.Columns[group].Name : null;
        Panel = panel >= 0 ? result.Columns[panel].Name : null;
        NumericMain = result.Columns[main].Numeric;
        Groups = rows.Select(GroupOf).Distinct().ToList();
        Panels = rows.Select(PanelOf).Distinct().ToList();
        Categories = NumericMain ? [] : rows.Select(MainText).Distinct().ToList();
    }

    public string Main { get; }

    public string? Group { get; }

    public string? Panel { get; }

    public bool NumericMain { get; }

    public IReadOnlyList<InterpretationRow> Rows { get; }

    /// <summary>Group values in order of appearance (one null entry when there is no group column).</summary>
    public IReadOnlyList<string?> Groups { get; }

    public IReadOnlyList<string?> Panels { get; }

    /// <summary>Levels along a categorical x axis, in order of appearance.</summary>
    public IReadOnlyList<string> Categories { get; }

    public string MainText(InterpretationRow row) => row.Values[_main];

    public double MainNumber(InterpretationRow row) => double.Parse(row.Values[_main], CultureInfo.InvariantCulture);

    public string? GroupOf(InterpretationRow row) => _group >= 0 ? row.Values[_group] : null;

    public string? PanelOf(InterpretationRow row) => _panel >= 0 ? row.Values[_panel] : null;

    public static InterpretationFacets Resolve(InterpretationResult result, InterpretationPlotOptions options)
    {
        var defaults = DefaultRoles(result);
        var main = options.Main ?? defaults.ElementAtOrDefault(0)
            ?? throw new UserInputException(
                "Unit-level estimates have no axis to plot: add --conditional (a grid) or --average-by (groups), or name the x axis with --main.");
        var group = options.Group ?? (options.Main is null ? defaults.ElementAtOrDefault(1) : null);
        var panel = options.Panel ?? (options.Main is null && options.Group is null ? defaults.ElementAtOrDefault(2) : null);
        // Columns that vary without being grid variables (several contrasts, an outcome's categories) take the free
        // colour role, else the panels, unless the user placed them.
        foreach (var column in new[] { "category", "contrast" })
        {
            var count = result.ColumnIndex(column) is var c and >= 0 ? result.Rows.Select(r => r.Values[c]).Distinct().Count() : 0;
            if (count > 1 && main != column && group != column && panel != column)
            {
                if (group is null)
                {
                    group = column;
                }
                else if (panel is null)
                {
                    panel = column;
                }
            }
        }

        var roles = new[] { main, group, panel }.OfType<string>().ToList();
        if (roles.Distinct(StringComparer.Ordinal).Count() != roles.Count)
        {
            throw new UserInputException($"--main, --group and --panel must name different columns (got {string.Join(", ", roles)}).");
        }

        var indices = roles.Select(r => result.ColumnIndex(r) is var i and >= 0
            ? i
            : throw new UserInputException($"'{r}' is not a column of these estimates; plot by one of: {string.Join(", ", result.Columns.Select(x => x.Name))}.")).ToList();
        var mainIndex = indices[0];
        var groupIndex = group is null ? -1 : result.ColumnIndex(group);
        var panelIndex = panel is null ? -1 : result.ColumnIndex(panel);

        // Averages by several sets share one table; keep the rows of the set that has every plotted column.
        var rows = result.Rows.Where(r => indices.All(i => r.Values[i].Length > 0)).ToList();
        if (rows.Count == 0)
        {
            throw new UserInputException($"No estimates have values for {string.Join(", ", roles)}.");
        }

        var varying = Enumerable.Range(0, result.Columns.Count)
            .Where(i => !indices.Contains(i))
            .Where(i => rows.GroupBy(r => string.Join('\u001f', indices.Select(k => r.Values[k]))).Any(g => g.Select(r => r.Values[i]).Distinct().Count() > 1))
            .Select(i => result.Columns[i].Name)
            .ToList();
        if (varying.Count > 0)
        {
            var role = group is null ? "--group" : panel is null ? "--panel" : "--group or --panel (in place of another column)";
            throw new UserInputException(
                $"The estimates also differ in {string.Join(", ", varying.Select(v => $"'{v}'"))}, which the figure would overplot: " +
                $"plot {varying[0]} as {role}, or condition on (or average by) fewer variables.");
        }

        return new InterpretationFacets(result, mainIndex, groupIndex, panelIndex, rows);
    }

    /// <summary>The grid variables in order; for averages, the grouping columns the rows fill.</summary>
    private static IReadOnlyList<string> DefaultRoles(InterpretationResult result)
    {
        if (result.Conditional.Count > 0)
        {
            return result.Conditional;
        }

        if (!result.Averaged)
        {
            return [];
        }

        var by = result.ColumnIndex("by");
        return result.Columns.Skip(by + 1)
            .Select((c, k) => (c.Name, Index: by + 1 + k))
            .Where(c => result.Rows.Any(r => r.Values[c.Index].Length > 0))
            .Select(c => c.Name)
            .ToList();
    }
}
