using System.Globalization;
using MisterP.Design;
using MisterP.Posterior;
using ScottPlot;

namespace MisterP.Plots;

/// <summary>
/// Forest plot of the group effects <c>r_GROUP[LEVEL,COEF]</c>: per group term (and varying coefficient) one panel,
/// levels sorted by posterior mean, each with its central interval, against a zero line; the panel title gives the
/// term's estimated sd, which says how much the levels differ overall.
/// </summary>
public static class EffectsPlot
{
    /// <param name="group">One group term to show (as in the formula: "state", "educ:age"), or null for all.</param>
    /// <param name="columns">Panels per row (the report uses two to keep the page short).</param>
    public static Figure Create(ModelShape shape, PosteriorDraws draws, string? group = null, double interval = 0.9, int width = PlotStyle.DefaultWidth, int columns = 1)
    {
        DrawSummary.CheckInterval(interval);
        var terms = SelectTerms(shape, group);
        var index = draws.ParameterNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var percent = (interval * 100).ToString("0.#", CultureInfo.InvariantCulture);
        var figure = new Figure(width, columns)
        {
            Title = $"Group effects: posterior mean and {percent}% interval (link scale; dashed line at zero)",
        };
        foreach (var term in terms)
        {
            foreach (var coefficient in term.CoefficientNames)
            {
                var (rows, leftOut) = RowLimit.Extremes(
                    term.Levels
                        .Select(level => (Level: level, Summary: DrawSummary.Of(draws, Lookup(index, $"r_{term.Name}[{level},{coefficient}]"), interval)))
                        .OrderByDescending(r => r.Summary.Mean)
                        .ToList(),
                    RowLimit.Effects);
                var sd = index.TryGetValue($"sd_{term.Name}__{coefficient}", out var k) ? DrawSummary.Of(draws, k, interval).Mean : double.NaN;
                var title = $"{term.Name}: {(coefficient == "Intercept" ? "varying intercepts" : $"varying slopes of {coefficient}")}" +
                            (double.IsFinite(sd) ? $" (sd {sd.ToString("0.00", CultureInfo.InvariantCulture)})" : string.Empty) +
                            RowLimit.Note(rows.Count, leftOut);
                var plot = figure.AddPanel(PlotStyle.RowsHeight(rows.Count, 100));
                var panel = new RowPanel(plot, rows.Select(r => r.Level).ToList(), title, $"r_{term.Name}[·,{coefficient}] (link scale)", term.Name);
                panel.Reference(0, string.Empty);
                panel.Intervals(rows.Select(r => r.Summary.Mean).ToList(), rows.Select(r => r.Summary.Lower).ToList(), rows.Select(r => r.Summary.Upper).ToList(), PlotStyle.Model, null);
                panel.Points(rows.Select(r => r.Summary.Mean).ToList(), PlotStyle.Model, MarkerShape.FilledCircle, 7, null);
            }
        }

        PlotStyle.AlignLeftAxes(figure.Panels, terms.SelectMany(t => t.Levels));
        return figure;
    }

    private static IReadOnlyList<GroupShape> SelectTerms(ModelShape shape, string? group)
    {
        if (shape.GroupTerms.Count == 0)
        {
            throw new UserInputException("The model has no group terms such as (1|state), so it has no group effects to plot; try the trace or estimates plot.");
        }

        if (group is null)
        {
            return shape.GroupTerms;
        }

        var match = shape.GroupTerms.FirstOrDefault(t => Priors.PriorTargets.Matches(group, t.Name));
        return match is not null
            ? [match]
            : throw new UserInputException(
                $"--group '{group}' is not a group term of this model; its group terms are {string.Join(", ", shape.GroupTerms.Select(t => t.Name))}.");
    }

    private static int Lookup(Dictionary<string, int> index, string name) =>
        index.TryGetValue(name, out var i)
            ? i
            : throw new UserInputException($"The fit's draws have no '{name}'; was the fit folder written by a different model? Refit it.");
}
