using MisterP.Design;
using MisterP.Families;
using MisterP.Posterior;

namespace MisterP.Plots;

/// <summary>
/// The effects plot of a categorical or multinomial fit: one panel per group term, varying coefficient and
/// non-reference category, each term named as brms names its effects (<c>state__muB</c>: <c>r_state__muB[AL,Intercept]</c>),
/// with the category's sd (brms's <c>sd_state__muB_Intercept</c>) in the panel title.
/// </summary>
public static class CategoryEffects
{
    public static Figure Create(ModelShape shape, PosteriorDraws draws, string? group, double interval, int width, int columns = 1)
    {
        if (!CategoryFamilies.IsUnordered(shape.Family) || shape.Categories is not { } categories)
        {
            throw new ArgumentException("Category effects need a categorical or multinomial fit.", nameof(shape));
        }

        var names = new CategoryNames(categories);
        var terms = shape.GroupTerms.Where(t => group is null || Priors.PriorTargets.Matches(group, t.Name)).ToList();
        if (group is not null && terms.Count == 0)
        {
            throw new UserInputException(
                $"--group '{group}' is not a group term of this model; its group terms are {string.Join(", ", shape.GroupTerms.Select(t => t.Name))}.");
        }

        // Per category, the term under its brms name; EffectsPlot reads sd_{name}__{coef}, so those are aliased.
        var perCategory = Enumerable.Range(1, categories.Count - 1)
            .SelectMany(c => terms.Select(t => (Category: c, Term: t with { Name = $"{t.Name}__{names.Mu(c)}" }, Original: t)))
            .ToList();
        var aliases = perCategory
            .SelectMany(x => x.Term.CoefficientNames.Select(coefficient => (Alias: $"sd_{x.Term.Name}__{coefficient}", Name: names.Output($"sd_{x.Original.Name}__{coefficient}", x.Category))))
            .ToList();
        var figureShape = shape with { GroupTerms = perCategory.Select(x => x.Term).ToList() };
        return EffectsPlot.Create(figureShape, WithAliases(draws, aliases), null, interval, width, columns);
    }

    /// <summary>The draws with extra columns that repeat existing ones under other names.</summary>
    private static PosteriorDraws WithAliases(PosteriorDraws draws, IReadOnlyList<(string Alias, string Name)> aliases)
    {
        var names = draws.ParameterNames.ToList();
        var sources = aliases.Select(a => names.IndexOf(a.Name)).ToArray();
        if (sources.Any(i => i < 0))
        {
            throw new UserInputException($"The fit's draws have no '{aliases[Array.IndexOf(sources, -1)].Name}'; was the fit folder written by a different model? Refit it.");
        }

        var width = names.Count;
        var wider = width + sources.Length;
        var values = new List<double[]>();
        var statistics = new List<double[]>();
        for (var chain = 0; chain < draws.ChainCount; chain++)
        {
            var source = draws.ChainParameters(chain);
            var target = new double[draws.DrawsPerChain * wider];
            for (var d = 0; d < draws.DrawsPerChain; d++)
            {
                source.Slice(d * width, width).CopyTo(target.AsSpan(d * wider, width));
                for (var a = 0; a < sources.Length; a++)
                {
                    target[d * wider + width + a] = source[d * width + sources[a]];
                }
            }

            values.Add(target);
            statistics.Add(draws.ChainStatistics(chain).ToArray());
        }

        return new PosteriorDraws(names.Concat(aliases.Select(a => a.Alias)).ToList(), values, draws.StatisticNames, statistics, draws.DrawsPerChain);
    }
}
