using System.Text;

namespace MisterP.Priors;

/// <summary>
/// Parameter names as users may write them: verbatim (<c>b_educNo HS</c>) or sanitized as brms does
/// (<c>b_educNoHS</c>; '-' → 'M', '+' → 'P', spaces and brackets dropped).
/// </summary>
public static class PriorTargets
{
    public static string Sanitize(string name)
    {
        var s = new StringBuilder();
        foreach (var c in name)
        {
            s.Append(c switch
            {
                ' ' or '(' or ')' or '[' or ']' or ',' or '"' or '\'' or '?' => string.Empty,
                '+' => "P",
                '-' => "M",
                '*' => "MU",
                '/' => "D",
                '^' => "E",
                '=' => "EQ",
                ':' => "_",
                _ => c.ToString(),
            });
        }

        return s.ToString();
    }

    /// <summary>True when the user's text names <paramref name="name"/> verbatim, brms-sanitized, or with ':' kept.</summary>
    public static bool Matches(string text, string name) =>
        text == name || text == Sanitize(name) || text == Sanitize(name.Replace(":", "\u0001", StringComparison.Ordinal)).Replace("\u0001", ":", StringComparison.Ordinal);
}
