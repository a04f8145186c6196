using MisterP.Design;
using MisterP.Families;

namespace MisterP.Priors;

/// <summary>
/// Weakly informative defaults scaled to the data as rstanarm does (DESIGN §5), then the user's overrides, most
/// general first (<c>b</c> before <c>b_male</c>, <c>sd</c> before <c>sd_state</c> before <c>sd_state__x</c>).
/// </summary>
public static class DefaultPriors
{
    public static PriorSet Build(ModelDesign design, IReadOnlyList<PriorOverride> overrides)
    {
        var stats = design.RowStatistics;
        var gaussian = design.Family == Family.Gaussian;
        var sy = gaussian && stats.ResponseSd > 0 ? stats.ResponseSd : 1;
        var fixedNames = design.FixedEffects.Names;
        var interceptIndex = design.FixedEffects.InterceptIndex;
        var entries = new List<PriorEntry>();

        PriorDistribution? intercept = null;
        var ordinal = design.Family == Family.Cumulative;
        if (ordinal)
        {
            // brms's default for the thresholds (its Intercept class): student_t(3, 0, 2.5).
            intercept = new PriorDistribution("student_t", [3, 0, 2.5]);
        }
        else if (interceptIndex >= 0)
        {
            intercept = gaussian
                ? PriorDistribution.Normal(design.Link == Link.Log ? Math.Log(Math.Max(stats.ResponseMean, 1e-8)) : stats.ResponseMean, design.Link == Link.Log ? 2.5 : 2.5 * sy)
                : PriorDistribution.Normal(0, 2.5);
        }

        var coefficients = new PriorDistribution?[fixedNames.Count];
        for (var j = 0; j < fixedNames.Count; j++)
        {
            if (j != interceptIndex)
            {
                var sx = stats.ColumnSds[j];
                coefficients[j] = PriorDistribution.Normal(0, 2.5 * sy / (sx > 0 ? sx : 1));
            }
        }

        var groupSds = design.GroupTerms.Select(t => t.CoefficientNames.Select(_ => PriorDistribution.Exponential(1 / sy)).ToArray()).ToArray();
        var eta = design.GroupTerms.Select(_ => 1.0).ToArray();
        var hasSigma = gaussian && design.Response.KnownSe is null;
        var sigma = hasSigma ? PriorDistribution.Exponential(1 / sy) : null;
        var shape = design.Family == Family.NegativeBinomial ? PriorDistribution.Exponential(1) : null;

        var correlations = StructuredPriors.Defaults(design);
        overrides = StructuredPriors.Apply(design, overrides, correlations, entries);
        var resolver = new PriorResolver(design, intercept is not null, hasSigma, shape is not null);
        PriorDistribution[]? thresholds = null;
        foreach (var o in overrides.OrderBy(o => PriorResolver.Specificity(o.Target)))
        {
            resolver.Apply(o, ref intercept, coefficients, groupSds, eta, ref sigma, ref shape);
        }

        // model.json lists every parameter's prior, and says which ones the user set.
        var user = resolver.UserSet;
        if (ordinal)
        {
            var count = design.Response.Categories!.Count - 1;
            thresholds = Enumerable.Repeat(intercept!, count).ToArray();
            for (var k = 0; k < count; k++)
            {
                entries.Add(new PriorEntry($"Intercept[{k + 1}]", intercept!.ToString(), user.Contains("Intercept") ? "user" : "default (threshold, on centered predictors)"));
            }

            intercept = null;
        }
        else if (intercept is not null)
        {
            entries.Add(new PriorEntry("Intercept", intercept.ToString(), user.Contains("Intercept") ? "user" : "default (on centered predictors)"));
        }

        for (var j = 0; j < fixedNames.Count; j++)
        {
            if (coefficients[j] is { } prior)
            {
                var name = "b_" + fixedNames[j];
                entries.Add(new PriorEntry(name, prior.ToString(), user.Contains(name) ? "user" : "default (autoscaled)"));
            }
        }

        for (var k = 0; k < design.GroupTerms.Count; k++)
        {
            var term = design.GroupTerms[k];
            for (var c = 0; c < term.CoefficientCount; c++)
            {
                var name = $"sd_{term.Name}__{term.CoefficientNames[c]}";
                entries.Add(new PriorEntry(name, groupSds[k][c].ToString(), user.Contains(name) ? "user" : "default"));
            }

            if (term.Correlated)
            {
                var name = $"cor_{term.Name}";
                entries.Add(new PriorEntry(name, PriorDistribution.Lkj(eta[k]).ToString(), user.Contains(name) ? "user" : "default"));
            }
        }

        if (sigma is not null)
        {
            entries.Add(new PriorEntry("sigma", sigma.ToString(), user.Contains("sigma") ? "user" : "default (autoscaled)"));
        }

        if (shape is not null)
        {
            entries.Add(new PriorEntry("shape", shape.ToString(), user.Contains("shape") ? "user" : "default"));
        }

        return new PriorSet
        {
            Intercept = intercept,
            Coefficients = coefficients,
            GroupSds = groupSds,
            CorrelationEta = eta,
            Sigma = sigma,
            Shape = shape,
            Entries = entries,
            Thresholds = thresholds,
            StructureCorrelations = correlations,
        };
    }
}
