using System.Globalization;
using MisterP.Data;
using MisterP.Output;
using MisterP.Posterior;
using MisterP.Poststrat;

namespace MisterP.Plots;

/// <summary>
/// One time point of a series: the MRP estimate with its interval (EST.csv), the raw mean of the fit's data with its
/// n (NaN and 0 where nobody answered, e.g. a nowcast month), and the truth when known (NaN otherwise).
/// </summary>
public sealed record SeriesPoint(string Level, double Position, double Estimate, double Lower, double Upper)
{
    public double Raw { get; init; } = double.NaN;

    public double RawCount { get; init; }

    public double Truth { get; init; } = double.NaN;
}

/// <summary>The points of one facet (one level of the <c>--by</c> factor, or the whole series), in time order.</summary>
public sealed record SeriesPanel(string? Facet, IReadOnlyList<SeriesPoint> Points);

/// <summary>
/// Post-stratified estimates over an ordered grouping column (a month, a wave), optionally per level of a second
/// factor: what <c>mrp plot estimates --over month [--by plan]</c> draws. The order and spacing of the time points come
/// from <see cref="LevelPositions"/> (a month without estimates is a gap, not a merged step); text levels keep
/// EST.csv's order, one step apart.
/// </summary>
public sealed class TimeSeries
{
    private TimeSeries(string over, string? by, IReadOnlyList<SeriesPanel> panels, LevelPositions? scale, double? interval)
    {
        Over = over;
        By = by;
        Panels = panels;
        Scale = scale;
        Interval = interval;
    }

    public string Over { get; }

    public string? By { get; }

    public IReadOnlyList<SeriesPanel> Panels { get; }

    /// <summary>How the time points were placed; null when they are text, placed one step apart in EST.csv's order.</summary>
    public LevelPositions? Scale { get; }

    /// <summary>Probability of the intervals, from EST.csv's <c>interval</c> column.</summary>
    public double? Interval { get; }

    public string IntervalName => Interval is { } p ? IntervalLevel.Percent(p) + " interval" : "interval";

    public bool HasRaw => Panels.Any(p => p.Points.Any(x => double.IsFinite(x.Raw)));

    public bool HasTruth => Panels.Any(p => p.Points.Any(x => double.IsFinite(x.Truth)));

    /// <summary>
    /// Reads the set <paramref name="over"/> (or <paramref name="over"/> with <paramref name="by"/>, in either column
    /// order) from <paramref name="estimatesPath"/> and joins each point with its raw mean and truth by key text.
    /// </summary>
    /// <param name="raw">Raw mean and n per key (<see cref="Key"/> of the over level, and the by level when given).</param>
    /// <param name="truth">Truth per key, or null.</param>
    public static TimeSeries Load(
        string estimatesPath, string over, string? by, IReadOnlyDictionary<string, (double Mean, double Count)>? raw, IReadOnlyDictionary<string, double>? truth)
    {
        var est = CsvTable.Read(estimatesPath, "estimates file");
        est.Require(["by", "estimate", "lower", "upper"], "an EST.csv written by mrp poststrat");
        var byColumn = est.IndexOf("by");
        var sets = est.Rows.Select(r => r.Fields[byColumn]).Distinct(StringComparer.Ordinal).ToList();
        string[] wanted = by is null ? [over] : [GroupingSet.Label([over, by]), GroupingSet.Label([by, over])];
        var set = sets.FirstOrDefault(s => wanted.Contains(s, StringComparer.Ordinal)) ?? throw new UserInputException(
            $"The estimates file '{estimatesPath}' has no grouping set {string.Join(" or ", wanted.Select(w => $"'{w}'"))} for --over {over}" +
            (by is null ? "" : $" --by {by}") + $"; its sets are {string.Join(", ", sets.Select(s => $"'{s}'"))}. " +
            $"Post-stratify with --by {(by is null ? over : $"{over},{by}")} first.");
        var quantity = est.Has("quantity") ? est.IndexOf("quantity") : -1;
        var rows = est.Rows.Where(r => r.Fields[byColumn] == set && (quantity < 0 || r.Fields[quantity] == "mean")).ToList();
        var overIndex = est.IndexOf(over);
        var byIndex = by is null ? -1 : est.IndexOf(by);
        var scale = LevelPositions.TryRead(rows.Select(r => r.Fields[overIndex]));
        var textOrder = rows.Select(r => r.Fields[overIndex]).Distinct(StringComparer.Ordinal).ToList();
        SeriesPoint Point((int Line, string[] Fields) row)
        {
            var level = row.Fields[overIndex];
            var key = Key(level, byIndex < 0 ? null : row.Fields[byIndex]);
            var point = new SeriesPoint(level, scale?.Of(level) ?? textOrder.IndexOf(level), est.Number(row, "estimate"), est.Number(row, "lower"), est.Number(row, "upper"));
            if (raw is not null && raw.TryGetValue(key, out var r))
            {
                point = point with { Raw = r.Mean, RawCount = r.Count };
            }

            return truth is not null && truth.TryGetValue(key, out var t) ? point with { Truth = t } : point;
        }

        var panels = rows.GroupBy(r => byIndex < 0 ? null : r.Fields[byIndex])
            .Select(g => new SeriesPanel(g.Key, g.Select(Point).OrderBy(p => p.Position).ToList()))
            .ToList();
        var intervals = est.Has("interval") ? rows.Select(r => est.Number(r, "interval")).Distinct().ToList() : [];
        return new TimeSeries(over, by, panels, scale, intervals.Count == 1 ? intervals[0] : null);
    }

    /// <summary>
    /// The calendar column of <paramref name="results"/>' grouping set (months or dates) and its other column, when the
    /// set is one calendar column alone or with one more factor; null otherwise.
    /// </summary>
    public static (string Over, string? By)? CalendarAxis(GroupResults results)
    {
        if (results.Columns.Count is 0 or > 2)
        {
            return null;
        }

        for (var k = 0; k < results.Columns.Count; k++)
        {
            if (LevelPositions.TryRead(results.Groups.Select(g => g.Key[k])) is { IsCalendar: true })
            {
                return (results.Columns[k], results.Columns.Count == 2 ? results.Columns[1 - k] : null);
            }
        }

        return null;
    }

    /// <summary>
    /// The series of a grouping set already read with its comparison (raw means with n, truth from a CMP.csv): what the
    /// report draws when the set it shows is over months.
    /// </summary>
    public static TimeSeries From(GroupResults results, string over, string? by)
    {
        var overIndex = results.Columns.ToList().IndexOf(over);
        var byIndex = by is null ? -1 : results.Columns.ToList().IndexOf(by);
        var scale = LevelPositions.TryRead(results.Groups.Select(g => g.Key[overIndex]));
        var textOrder = results.Groups.Select(g => g.Key[overIndex]).Distinct(StringComparer.Ordinal).ToList();
        var panels = results.Groups.GroupBy(g => byIndex < 0 ? null : g.Key[byIndex])
            .Select(g => new SeriesPanel(g.Key, g.Select(r =>
            {
                var level = r.Key[overIndex];
                return new SeriesPoint(level, scale?.Of(level) ?? textOrder.IndexOf(level), r.Estimate, r.Lower, r.Upper)
                {
                    Raw = r.Raw,
                    RawCount = double.IsFinite(r.RawCount) ? r.RawCount : 0,
                    Truth = r.Truth,
                };
            }).OrderBy(p => p.Position).ToList()))
            .ToList();
        return new TimeSeries(over, by, panels, scale, results.Interval);
    }

    /// <summary>
    /// The join key of a time point (and facet): level texts, with numbers in one spelling (a truth file's <c>3.0</c>
    /// meets EST.csv's <c>3</c>).
    /// </summary>
    public static string Key(string level, string? facet) => facet is null ? Normal(level) : Normal(level) + "\u001f" + Normal(facet);

    private static string Normal(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? LevelText.Format(number) : text;
}
