using MisterP.Design;

namespace MisterP.Priors;

/// <summary>
/// Priors of a categorical or multinomial model: one GLM prior set per non-reference category's predictor
/// (<see cref="CategoryViews"/>), with brms's defaults taken per category — the intercept (on centred predictors)
/// student_t(3, 0, 2.5) as brms's <c>Intercept</c> class, autoscaled b and exponential(1) sds as the GLM's — and each
/// <c>--prior</c> applied to the categories it names (<see cref="CategoryNames.Target"/>), or to all when it names none. Entries carry brms's names.
/// </summary>
public sealed record CategoryPriors(IReadOnlyList<PriorSet> PerCategory, IReadOnlyList<PriorEntry> Entries)
{
    /// <summary>brms's default prior of a categorical model's intercepts (class Intercept, every dpar).</summary>
    public static readonly PriorDistribution DefaultIntercept = new("student_t", [3, 0, 2.5]);

    public static CategoryPriors Build(ModelDesign design, IReadOnlyList<PriorOverride> overrides)
    {
        var names = new CategoryNames(design.Response.Categories!);
        var views = CategoryViews.Of(design);
        var sets = new List<PriorSet>();
        var entries = new List<PriorEntry>();
        for (var c = 1; c <= views.Count; c++)
        {
            var category = c;
            var own = overrides
                .Select(o => names.Target(o.Target, category) is { } target ? o with { Target = target } : null)
                .OfType<PriorOverride>()
                .ToList();
            PriorSet set;
            try
            {
                set = DefaultPriors.Build(views[c - 1], own);
            }
            catch (UserInputException e)
            {
                throw new UserInputException(
                    $"{e.Message} In a categorical model a target without a category (b, b_{Example(design)}, sd_…) applies to every category; " +
                    $"one category's predictor is named as brms does: b_{names.Mu(1)}, b_{names.Mu(1)}_{Example(design)}, Intercept_{names.Mu(1)}, sd_{names.Mu(1)}" +
                    (design.GroupTerms.Count > 0 ? $", sd_{design.GroupTerms[0].Name}__{names.Mu(1)}_{design.GroupTerms[0].CoefficientNames[0]}." : "."));
            }

            var userIntercept = set.Entries.Any(e => e.Target == "Intercept" && e.Source == "user");
            var intercept = set.Intercept is null || userIntercept ? set.Intercept : DefaultIntercept;
            sets.Add(new PriorSet
            {
                Intercept = intercept,
                Coefficients = set.Coefficients,
                GroupSds = set.GroupSds,
                CorrelationEta = set.CorrelationEta,
                Sigma = null,
                Shape = null,
                Entries = set.Entries,
            });
            foreach (var entry in set.Entries)
            {
                entries.Add(entry.Target == "Intercept"
                    ? new PriorEntry($"Intercept_{names.Mu(c)}", intercept!.ToString(), userIntercept ? "user" : "default (brms's Intercept, on centered predictors)")
                    : entry with { Target = CategoryTarget(entry.Target, names, c) });
            }
        }

        return new CategoryPriors(sets, entries);
    }

    private static string Example(ModelDesign design) =>
        design.FixedEffects.Names.Where((_, j) => j != design.FixedEffects.InterceptIndex).FirstOrDefault() ?? "x";

    /// <summary>A GLM prior entry's target (b_male, sd_state__Intercept, cor_state) in category <paramref name="c"/>'s brms name.</summary>
    private static string CategoryTarget(string target, CategoryNames names, int c) =>
        target.StartsWith("cor_", StringComparison.Ordinal) ? $"{target}__{names.Mu(c)}" : names.Output(target, c);
}
