using System.Globalization;
using MisterP.Data;

namespace MisterP.Poststrat;

/// <summary>
/// The level on the other side that a mismatched level most likely means, and why; <paramref name="Unpaired"/> when
/// that level is itself missing from this side (so the two are probably one level spelled two ways).
/// </summary>
public sealed record LevelMatch(string Level, string Reason, bool Unpaired);

/// <summary>
/// Finds the closest counterpart of a level that one side (frame or fit) lacks, in order of how sure the match is:
/// the same text up to surrounding spaces, up to case, up to spacing and punctuation; then the smallest edit
/// distance among the other side's unmatched levels (a recoding like "HS" → "High school" pairs the leftovers), or
/// among all its levels when the distance is small. Numeric codings (0/1 vs ±0.5) are matched per variable by
/// <see cref="NumericCoding"/>.
/// </summary>
public static class LevelMatcher
{
    /// <summary>
    /// The closest of <paramref name="unmatched"/> (the other side's levels this side lacks, preferred) or
    /// <paramref name="all"/> (every level of the other side) to <paramref name="level"/>; null when nothing is close.
    /// </summary>
    public static LevelMatch? Closest(string level, IReadOnlyList<string> unmatched, IReadOnlyList<string> all)
    {
        if ((SameLetters(level, unmatched, true) ?? SameLetters(level, all, false)) is { } same)
        {
            return same;
        }

        if (unmatched.Count > 0)
        {
            var best = unmatched.MinBy(c => EditDistance.Between(Letters(c), Letters(level)))!;
            var reason = unmatched.Count == 1 ? "the only unpaired level on that side" : $"closest spelling among the unpaired levels, edit distance {EditDistance.Between(Letters(best), Letters(level))}";
            return new LevelMatch(best, reason, Unpaired: true);
        }

        var near = all.Select(c => (c, d: EditDistance.Between(Letters(c), Letters(level))))
            .Where(x => x.d <= level.Length / 4).OrderBy(x => x.d).FirstOrDefault();
        return near.c is null ? null : new LevelMatch(near.c, $"closest spelling, edit distance {near.d}", Unpaired: false);
    }

    /// <summary>
    /// When every level on both sides is a number and the sides have the same count of distinct values but not the
    /// same values, the sorted values pair up as a recoding (frame 0/1 vs fit −0.5/0.5): frame level → fit level.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? NumericCoding(IReadOnlyList<string> frame, IReadOnlyList<string> fit)
    {
        if (!AllNumbers(frame, out var f) || !AllNumbers(fit, out var s) || f.Count != s.Count || f.Count < 2 || f.SequenceEqual(s))
        {
            return null;
        }

        return f.Zip(s).ToDictionary(p => LevelText.Format(p.First), p => LevelText.Format(p.Second), StringComparer.Ordinal);
    }

    private static bool AllNumbers(IReadOnlyList<string> levels, out List<double> values)
    {
        values = [];
        foreach (var level in levels)
        {
            if (!double.TryParse(level, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return false;
            }

            values.Add(v);
        }

        values = values.Distinct().Order().ToList();
        return true;
    }

    /// <summary>
    /// A level of <paramref name="pool"/> equal to <paramref name="level"/> up to surrounding spaces, case, or
    /// spacing and punctuation, with what differs; null when none is.
    /// </summary>
    public static LevelMatch? SameLetters(string level, IReadOnlyList<string> pool, bool unpaired)
    {
        if (pool.FirstOrDefault(c => c.Trim() == level.Trim()) is { } spaced)
        {
            return new LevelMatch(spaced, "differs only in leading or trailing spaces", unpaired);
        }

        if (pool.FirstOrDefault(c => string.Equals(c.Trim(), level.Trim(), StringComparison.OrdinalIgnoreCase)) is { } cased)
        {
            var spaces = cased.Trim() != cased || level.Trim() != level ? " and leading or trailing spaces" : string.Empty;
            return new LevelMatch(cased, "differs only in upper/lower case" + spaces, unpaired);
        }

        return Letters(level).Length > 0 && pool.FirstOrDefault(c => Letters(c) == Letters(level)) is { } punctuated
            ? new LevelMatch(punctuated, "differs only in spacing or punctuation", unpaired)
            : null;
    }

    /// <summary>Lower-case letters and digits only: "Some College " and "some-college" agree.</summary>
    private static string Letters(string level) =>
        new(level.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
