using MisterP.Data;
using MisterP.Posterior;
using MisterP.Priors;

namespace MisterP.Plots;

/// <summary>
/// Which parameters a trace or rank plot shows: the ones the user names (verbatim or brms-sanitized), or by default
/// the population-level ones — fixed effects, group sds and correlations, sigma, shape — up to a cap, because
/// hundreds of group effects in one figure are unreadable.
/// </summary>
public static class ParameterChoice
{
    public const int DefaultCap = 10;

    /// <summary>Indices into <paramref name="draws"/>' parameters, and how many defaults were left out by the cap.</summary>
    public static (IReadOnlyList<int> Indices, int LeftOut) Resolve(PosteriorDraws draws, IReadOnlyList<string>? requested, int cap = DefaultCap)
    {
        var names = draws.ParameterNames;
        if (requested is { Count: > 0 })
        {
            return (requested.Select(r => Find(names, r.Trim())).Distinct().ToList(), 0);
        }

        var defaults = Enumerable.Range(0, names.Count).Where(i => IsPopulationLevel(names[i])).ToList();
        if (defaults.Count == 0)
        {
            defaults = Enumerable.Range(0, names.Count).ToList();
        }

        return (defaults.Take(cap).ToList(), Math.Max(0, defaults.Count - cap));
    }

    /// <summary>Splits "b_male, r_state[AL,Intercept]" at the commas outside brackets (level names hold commas there).</summary>
    public static IReadOnlyList<string> SplitList(string text)
    {
        var names = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                var name = text[start..i].Trim();
                if (name.Length > 0)
                {
                    names.Add(name);
                }

                start = i + 1;
            }
            else if (text[i] == '[')
            {
                depth++;
            }
            else if (text[i] == ']')
            {
                depth = Math.Max(0, depth - 1);
            }
        }

        return names;
    }

    private static bool IsPopulationLevel(string name) =>
        name.StartsWith("b_", StringComparison.Ordinal) || name.StartsWith("sd_", StringComparison.Ordinal) ||
        name.StartsWith("cor_", StringComparison.Ordinal) || name is "sigma" or "shape";

    private static int Find(IReadOnlyList<string> names, string text)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (PriorTargets.Matches(text, names[i]))
            {
                return i;
            }
        }

        var closest = names.OrderBy(n => EditDistance.Between(text, n)).ThenBy(n => n, StringComparer.Ordinal).First();
        var population = names.Where(IsPopulationLevel).Take(8).ToList();
        throw new UserInputException(
            $"--parameters names '{text}', which is not a parameter of this fit. Did you mean '{closest}'? " +
            $"Parameters include {string.Join(", ", population.Count > 0 ? population : names.Take(8))} (see mrp summary DIR for all).");
    }
}
