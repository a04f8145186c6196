using System.Globalization;
using System.Text.RegularExpressions;

namespace MisterP.Poststrat;

/// <summary>What a grouping column's levels are, when each reads as a point on a line.</summary>
public enum LevelScale
{
    /// <summary>Calendar months written <c>2024-01</c> (or <c>2024-1</c>): a position counts months.</summary>
    Months,

    /// <summary>ISO dates <c>2024-01-31</c>: a position counts days.</summary>
    Dates,

    /// <summary>Numbers (a wave 1, 2, …, 10): a position is the number.</summary>
    Numbers,
}

/// <summary>
/// The levels of one grouping column placed on a line, when every level is a month, an ISO date or a number: the
/// order a time series needs (wave 10 after wave 9, not after wave 1 as code-point order puts it) and the distance
/// between levels (a month nobody was asked about is a gap on a time axis, not a merged step). The fit orders the
/// levels of a numeric factor the same way (<c>GroupLevels</c>: numerically, as R's <c>factor()</c>), so estimates
/// list groups in the fit's own order.
/// </summary>
public sealed partial class LevelPositions
{
    private readonly Dictionary<string, double> _positions;

    private LevelPositions(LevelScale scale, Dictionary<string, double> positions)
    {
        Scale = scale;
        _positions = positions;
    }

    public LevelScale Scale { get; }

    /// <summary>True for months and dates: the levels are points in time.</summary>
    public bool IsCalendar => Scale is LevelScale.Months or LevelScale.Dates;

    /// <summary>The position of a level this set was built from.</summary>
    public double Of(string level) => _positions[level];

    /// <summary>
    /// Positions of <paramref name="levels"/> when all of them (at least one) are months, all ISO dates or all numbers;
    /// null otherwise (text levels keep the order they are given in).
    /// </summary>
    public static LevelPositions? TryRead(IEnumerable<string> levels)
    {
        var distinct = levels.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return null;
        }

        foreach (var scale in Enum.GetValues<LevelScale>())
        {
            var positions = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var level in distinct)
            {
                if (Position(scale, level) is not { } position)
                {
                    break;
                }

                positions[level] = position;
            }

            if (positions.Count == distinct.Count)
            {
                return new LevelPositions(scale, positions);
            }
        }

        return null;
    }

    private static double? Position(LevelScale scale, string level)
    {
        switch (scale)
        {
            case LevelScale.Months:
                var month = MonthPattern().Match(level);
                if (!month.Success)
                {
                    return null;
                }

                var m = int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture);
                return m is >= 1 and <= 12 ? int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture) * 12.0 + (m - 1) : null;
            case LevelScale.Dates:
                return DateOnly.TryParseExact(level, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.DayNumber : null;
            default:
                return double.TryParse(level, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
        }
    }

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})$")]
    private static partial Regex MonthPattern();
}
