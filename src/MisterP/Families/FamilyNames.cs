namespace MisterP.Families;

/// <summary>The names users write for families and links (<c>--family negbinomial</c>, <c>--link cloglog</c>).</summary>
public static class FamilyNames
{
    private static readonly (Family Family, string Name)[] Families =
    [
        (Family.Bernoulli, "bernoulli"),
        (Family.Binomial, "binomial"),
        (Family.Gaussian, "gaussian"),
        (Family.Poisson, "poisson"),
        (Family.NegativeBinomial, "negbinomial"),
        (Family.Cumulative, "cumulative"),
        (Family.Categorical, "categorical"),
        (Family.Multinomial, "multinomial"),
    ];

    private static readonly (Link Link, string Name)[] Links =
    [
        (Link.Identity, "identity"),
        (Link.Log, "log"),
        (Link.Logit, "logit"),
        (Link.Probit, "probit"),
        (Link.CLogLog, "cloglog"),
    ];

    public static string Of(Family family) => Families.First(f => f.Family == family).Name;

    public static string Of(Link link) => Links.First(l => l.Link == link).Name;

    /// <summary>Parses a family name; <c>negative_binomial</c> and <c>normal</c> are accepted as aliases.</summary>
    public static Family ParseFamily(string text)
    {
        var key = text.Trim().ToLowerInvariant() switch
        {
            "negative_binomial" or "negativebinomial" or "nb" => "negbinomial",
            "normal" => "gaussian",
            var other => other,
        };
        foreach (var (family, name) in Families)
        {
            if (name == key)
            {
                return family;
            }
        }

        throw new UserInputException(
            $"Unknown family '{text}'. Use one of: {string.Join(", ", Families.Select(f => f.Name))}.");
    }

    public static Link ParseLink(string text)
    {
        var key = text.Trim().ToLowerInvariant();
        foreach (var (link, name) in Links)
        {
            if (name == key)
            {
                return link;
            }
        }

        throw new UserInputException($"Unknown link '{text}'. Use one of: {string.Join(", ", Links.Select(l => l.Name))}.");
    }
}
