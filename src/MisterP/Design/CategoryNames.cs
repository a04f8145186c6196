namespace MisterP.Design;

/// <summary>
/// brms's names for the parameters of a categorical or multinomial model: each non-reference category c has its own
/// linear predictor <c>mu{c}</c> (<c>muB</c>; a numeric category 2 gives <c>mu2</c>), and a GLM name gains it as
/// <c>b_muB_male</c>, <c>sd_state__muB_Intercept</c>, <c>cor_state__muB_Intercept__muB_x</c>,
/// <c>r_state__muB[AL,Intercept]</c>. Names are read back by matching the known categories, longest first, so a
/// category containing '_' stays unambiguous.
/// </summary>
public sealed class CategoryNames
{
    private readonly string[] _mus;

    /// <param name="categories">All categories in order, the reference first.</param>
    public CategoryNames(IReadOnlyList<string> categories)
    {
        Categories = categories;
        _mus = categories.Skip(1).Select(c => "mu" + c).ToArray();
    }

    public IReadOnlyList<string> Categories { get; }

    /// <summary>The linear predictor's name of non-reference category <paramref name="c"/> (1 … K − 1).</summary>
    public string Mu(int c) => _mus[c - 1];

    /// <summary>A GLM output name (b_, sd_, cor_, r_) of category <paramref name="c"/>'s predictor, as brms names it.</summary>
    public string Output(string glmName, int c)
    {
        var mu = Mu(c);
        if (glmName.StartsWith("b_", StringComparison.Ordinal))
        {
            return $"b_{mu}_{glmName[2..]}";
        }

        if (glmName.StartsWith("r_", StringComparison.Ordinal))
        {
            var bracket = glmName.IndexOf('[', StringComparison.Ordinal);
            return $"{glmName[..bracket]}__{mu}{glmName[bracket..]}";
        }

        // sd_G__C and cor_G__A__B: the group ends at the first "__" (group names hold no "__").
        var split = glmName.IndexOf("__", StringComparison.Ordinal);
        var head = glmName[..(split + 2)];
        var parts = glmName[(split + 2)..].Split("__");
        return head + string.Join("__", parts.Select(p => $"{mu}_{p}"));
    }

    /// <summary>
    /// The category (1 … K − 1) and GLM name of a brms name of this model (<c>r_state__muB[AL,Intercept]</c> →
    /// (B, <c>r_state[AL,Intercept]</c>)); null when the name belongs to no category's predictor.
    /// </summary>
    public (int Category, string GlmName)? Parse(string name)
    {
        foreach (var c in ByLength())
        {
            var mu = Mu(c);
            if (name.StartsWith($"b_{mu}_", StringComparison.Ordinal))
            {
                return (c, "b_" + name[(mu.Length + 3)..]);
            }

            if (name.StartsWith("r_", StringComparison.Ordinal) && name.IndexOf('[', StringComparison.Ordinal) is var bracket and > 0 &&
                name[..bracket].EndsWith($"__{mu}", StringComparison.Ordinal))
            {
                return (c, name[..(bracket - mu.Length - 2)] + name[bracket..]);
            }

            if ((name.StartsWith("sd_", StringComparison.Ordinal) || name.StartsWith("cor_", StringComparison.Ordinal)) &&
                name.IndexOf("__", StringComparison.Ordinal) is var split and > 0)
            {
                var parts = name[(split + 2)..].Split("__");
                if (parts.All(p => p.StartsWith(mu + "_", StringComparison.Ordinal)))
                {
                    return (c, name[..(split + 2)] + string.Join("__", parts.Select(p => p[(mu.Length + 1)..])));
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A <c>--prior</c> target as it applies to category <paramref name="c"/>'s predictor, in GLM terms: a target
    /// naming no category applies to every category unchanged; <c>b_muB</c> → <c>b</c>, <c>b_muB_male</c> →
    /// <c>b_male</c>, <c>Intercept_muB</c> or <c>b_muB_Intercept</c> → <c>Intercept</c>, <c>sd_muB</c> → <c>sd</c>,
    /// <c>sd_state__muB</c> → <c>sd_state</c>, <c>sd_state__muB_Intercept</c> → <c>sd_state__Intercept</c>, and likewise
    /// for cor; null when the target names another category.
    /// </summary>
    public string? Target(string target, int c)
    {
        foreach (var other in ByLength())
        {
            if (GlmTarget(target, Mu(other)) is { } glm)
            {
                return other == c ? glm : null;
            }
        }

        return target;
    }

    /// <summary>True when <paramref name="target"/> names one of the categories' predictors.</summary>
    public bool NamesCategory(string target) => ByLength().Any(c => GlmTarget(target, Mu(c)) is not null);

    private static string? GlmTarget(string t, string mu)
    {
        if (t == $"Intercept_{mu}" || t == $"b_{mu}_Intercept")
        {
            return "Intercept";
        }

        foreach (var kind in new[] { "b", "sd", "cor" })
        {
            if (t == $"{kind}_{mu}")
            {
                return kind;
            }
        }

        if (t.StartsWith($"b_{mu}_", StringComparison.Ordinal))
        {
            return "b_" + t[(mu.Length + 3)..];
        }

        if ((t.StartsWith("sd_", StringComparison.Ordinal) || t.StartsWith("cor_", StringComparison.Ordinal)) && t.IndexOf("__", StringComparison.Ordinal) is var split and > 0)
        {
            var rest = t[(split + 2)..];
            if (rest == mu)
            {
                return t[..split];
            }

            if (rest.StartsWith(mu + "_", StringComparison.Ordinal))
            {
                return t[..(split + 2)] + rest[(mu.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>Non-reference categories, longest predictor name first (so muB_x is tried before muB).</summary>
    private IEnumerable<int> ByLength() => Enumerable.Range(1, _mus.Length).OrderByDescending(c => _mus[c - 1].Length);
}
