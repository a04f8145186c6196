using MisterP.Design;
using MisterP.Formulas;

namespace MisterP.Priors;

/// <summary>
/// Priors particular to structured terms: the correlation of BYM2 (<c>rho_state</c>, brms's <c>rhocar</c>; default
/// beta(1, 1), brms's) and of AR1 (<c>ar_month</c>; default beta(1, 1) on (ρ + 1)/2, uniform on (−1, 1)), and brms's
/// alias <c>sdcar</c> for the car term's <c>sd_state__Intercept</c>.
/// </summary>
internal static class StructuredPriors
{
    public static PriorDistribution?[] Defaults(ModelDesign design) =>
        design.GroupTerms.Select(t => t.Structure?.CorrelationName(t.Name) is null ? null : PriorDistribution.Beta(1, 1)).ToArray();

    /// <summary>Takes the correlation targets out of <paramref name="overrides"/> (into <paramref name="correlations"/>) and renames sdcar; returns the rest.</summary>
    public static IReadOnlyList<PriorOverride> Apply(ModelDesign design, IReadOnlyList<PriorOverride> overrides, PriorDistribution?[] correlations, List<PriorEntry> entries)
    {
        var rest = new List<PriorOverride>();
        var user = new HashSet<int>();
        var carTerm = design.GroupTerms.ToList().FindIndex(t => t.Structure?.Kind is StructureKind.Bym2 or StructureKind.Icar);
        foreach (var o in overrides)
        {
            if (o.Target == "sdcar")
            {
                if (carTerm < 0)
                {
                    throw new UserInputException($"--prior \"{o.Text}\": sdcar names the sd of an icar/bym2 (car) term, and the model has none.");
                }

                rest.Add(o with { Target = $"sd_{design.GroupTerms[carTerm].Name}__Intercept" });
                continue;
            }

            var k = o.Target == "rhocar"
                ? design.GroupTerms.ToList().FindIndex(t => t.Structure?.Kind == StructureKind.Bym2)
                : design.GroupTerms.ToList().FindIndex(t => t.Structure?.CorrelationName(t.Name) is { } name && PriorTargets.Matches(o.Target, name));
            if (k < 0)
            {
                if (o.Target == "rhocar" || o.Target.StartsWith("rho_", StringComparison.Ordinal) || o.Target.StartsWith("ar_", StringComparison.Ordinal))
                {
                    throw new UserInputException($"--prior \"{o.Text}\": the model has no structured term with that correlation (rho_GROUP for bym2(GROUP), ar_GROUP for ar1(GROUP)).");
                }

                rest.Add(o);
                continue;
            }

            var d = o.Distribution;
            var bym2 = design.GroupTerms[k].Structure!.Kind == StructureKind.Bym2;
            if (d.Family is not ("beta" or "normal" or "student_t" or "flat") || (bym2 && d.Family != "beta"))
            {
                throw new UserInputException(bym2
                    ? $"--prior \"{o.Text}\": BYM2's ρ lies in (0, 1); give beta(a, b) (brms's default is beta(1, 1))."
                    : $"--prior \"{o.Text}\": AR1's ρ lies in (−1, 1); give beta(a, b) (applied to (ρ + 1)/2) or normal(m, s).");
            }

            correlations[k] = d;
            user.Add(k);
        }

        for (var k = 0; k < correlations.Length; k++)
        {
            if (correlations[k] is { } prior)
            {
                var term = design.GroupTerms[k];
                var on = term.Structure!.Kind == StructureKind.Ar1 && prior.Family == "beta" ? " on (ρ + 1)/2" : "";
                entries.Add(new PriorEntry(term.Structure.CorrelationName(term.Name)!, prior + on, user.Contains(k) ? "user" : "default"));
            }
        }

        return rest;
    }
}
