using System.Globalization;

namespace MisterP.Poststrat;

/// <summary>The wording of a frame check, shared by <c>mrp frame check</c> and <c>mrp poststrat</c>'s refusal.</summary>
public static class FrameCheckText
{
    /// <summary>What to do about frame levels the fit never saw.</summary>
    public const string NewLevelAdvice =
        "Recode the frame (or the sample, and refit) so both spell each level alike, " +
        "or pass --allow-new-levels if these levels are genuinely new (they then get effects drawn from their group's fitted distribution)";

    /// <summary>"frame educ 'High school' — the fit has 'HS', which the frame lacks (…)".</summary>
    public static string Describe(LevelDifference d)
    {
        var (side, other) = d.Side == LevelSide.FrameOnly ? ("frame", "the fit") : ("fit", "the frame");
        var head = $"{side} {d.Variable} '{d.Level}'";
        if (d.Match is not { } m)
        {
            return $"{head} — {other} has no similar level";
        }

        var lacks = d.Side == LevelSide.FrameOnly ? "the frame" : "the fit";
        return $"{head} — {other} has '{m.Level}'{(m.Unpaired ? $", which {lacks} lacks" : string.Empty)} ({m.Reason})";
    }

    /// <summary>The message of <c>mrp poststrat</c> refusing a frame with new levels.</summary>
    public static string Refusal(FrameCheckResult result, string frame)
    {
        var lines = result.NewLevels.Take(20).Select(d => "  " + Describe(d) + Share(d, result.Population));
        var more = result.NewLevels.Count > 20 ? $"\n  … and {result.NewLevels.Count - 20} more" : string.Empty;
        return $"The frame {frame} has {result.NewLevels.Count} level(s) the fit never saw:\n{string.Join("\n", lines)}{more}\n" +
               NewLevelAdvice + ". Run 'mrp frame check' for the full comparison.";
    }

    /// <summary>The full report of <c>mrp frame check</c>, line by line, ending with the verdict.</summary>
    public static IEnumerable<string> Report(FrameCheckResult result)
    {
        if (result.MissingColumns.Count > 0)
        {
            yield return $"Missing from the frame: {string.Join(", ", result.MissingColumns)} (the model uses them).";
        }

        if (result.NewLevels.Count > 0)
        {
            yield return $"Frame levels the fit never saw ({result.NewLevels.Count}):";
            foreach (var d in result.NewLevels)
            {
                yield return "  " + Describe(d) + Share(d, result.Population);
            }
        }

        if (result.AbsentLevels.Count > 0)
        {
            yield return $"Fit levels absent from the frame ({result.AbsentLevels.Count}):";
            foreach (var d in result.AbsentLevels)
            {
                yield return "  " + Describe(d);
            }
        }

        foreach (var n in result.NumericIssues)
        {
            var what = n.Coding
                ? $"Numeric {n.Variable}: the frame's values ({Num(n.FrameMin)} … {Num(n.FrameMax)}) are coded unlike the sample's ({Num(n.SampleMin)} … {Num(n.SampleMax)}), e.g. 0/1 vs ±0.5"
                : $"Numeric {n.Variable}: frame values {Num(n.FrameMin)} … {Num(n.FrameMax)} leave the sample's range {Num(n.SampleMin)} … {Num(n.SampleMax)} (predictions there extrapolate)";
            yield return $"{what}; {Percent(n.PopulationOutside, result.Population)} of the population.";
        }

        if (result.EmptyCellShare is { } share)
        {
            yield return $"Population in cells with no respondents: {Percent(share)} (their estimates rest on the model alone).";
        }

        yield return result.Compatible
            ? "Verdict: compatible."
            : "Verdict: MISMATCH — " + string.Join("; ", Reasons(result)) + "." + (result.NewLevels.Count > 0 ? " " + NewLevelAdvice + "." : string.Empty);
    }

    private static IEnumerable<string> Reasons(FrameCheckResult result)
    {
        if (result.MissingColumns.Count > 0)
        {
            yield return "the frame lacks model columns";
        }

        if (result.NewLevels.Count > 0)
        {
            yield return "the frame has levels the fit never saw";
        }

        if (result.NumericIssues.Any(n => n.Coding))
        {
            yield return "a numeric predictor is coded differently; recode one side";
        }
    }

    private static string Share(LevelDifference d, double population) =>
        population > 0 ? $"; {Percent(d.Population, population)} of the population" : string.Empty;

    private static string Percent(double part, double whole) => whole > 0 ? Percent(part / whole) : "0%";

    private static string Percent(double share) => (100 * share).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
