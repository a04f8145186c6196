namespace MisterP.Poststrat;

/// <summary>
/// A contrast between two groups of a one-column grouping set, <c>--contrast "state=CA,TX"</c>: the posterior of
/// estimate(CA) − estimate(TX), taken draw by draw so that it keeps their correlation (a difference of the two
/// summaries would not).
/// </summary>
public sealed record GroupContrast(string Variable, string First, string Second)
{
    /// <summary>How the contrast is named in the <c>by</c> column of estimates: the option's own text, <c>state=CA,TX</c>.</summary>
    public string Label => $"{Variable}={First},{Second}";

    /// <summary>Parses <c>VARIABLE=A,B</c> (spaces around the parts are ignored).</summary>
    public static GroupContrast Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var levels = equals < 0 ? [] : text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (equals <= 0 || levels.Length != 2 || levels.Any(l => l.Length == 0) || text[..equals].Trim().Length == 0)
        {
            throw new UserInputException(
                $"--contrast '{text}' is not of the form VARIABLE=A,B; write e.g. --contrast \"state=CA,TX\" for the posterior of CA − TX.");
        }

        if (levels[0] == levels[1])
        {
            throw new UserInputException($"--contrast '{text}' compares level '{levels[0]}' with itself; name two different levels.");
        }

        return new GroupContrast(text[..equals].Trim(), levels[0], levels[1]);
    }
}
