using MisterP.Design;
using MisterP.Families;
using MisterP.Inference.Classical;

namespace MisterP.Workflow;

/// <summary>
/// Complete or quasi-complete separation in a binomial model: found by the classical fit of the fixed effects
/// together with the group terms' varying slopes taken as fixed columns (cheap over cells), so that a slope that
/// separates the outcome within groups is caught too. Reported for every method: NUTS then learns those coefficients
/// from their priors, and maximum likelihood's estimates run off (b_sep 57.8 with SE 72722) — issue 12, item 14.
/// </summary>
internal static class SeparationCheck
{
    /// <summary>
    /// |β| times the column's range past which a coefficient is "running off": an odds ratio of e^15 across the
    /// observed values, with a standard error ten times the estimate (the Hauck–Donner signature of separation).
    /// </summary>
    private const double DivergentLogOdds = 15;

    public static IEnumerable<string> Warnings(ModelDesign design)
    {
        if (design.Family is not (Family.Binomial or Family.Bernoulli))
        {
            return [];
        }

        var augmented = WithSlopesAsFixed(design);
        if (augmented.FixedEffects.ColumnCount < 2)
        {
            return [];
        }

        ClassicalResult fit;
        try
        {
            fit = ClassicalFit.Fit(augmented);
        }
        catch (UserInputException)
        {
            return [];
        }

        var x = augmented.FixedEffects;
        var divergent = fit.Coefficients
            .Select((c, j) => (c, j))
            .Where(t => t.j != x.InterceptIndex && t.j < x.ColumnCount && Diverges(t.c, Range(x, t.j)))
            .Select(t => x.Names[t.j])
            .ToList();
        var flagged = fit.Warnings.Any(w => w.Contains("numerically 0 or 1", StringComparison.Ordinal));
        if (!flagged && divergent.Count == 0)
        {
            return [];
        }

        var which = divergent.Count > 0 ? $" ({string.Join(", ", divergent.Select(n => $"'{n}'"))})" : string.Empty;
        return ["Separation: some combination of the predictors" + which + " predicts the outcome perfectly, so the data do not bound " +
                "those coefficients: maximum-likelihood estimates run off with huge standard errors, and Bayesian posteriors follow the priors in that direction. " +
                "Check the predictors (one may restate the outcome), merge sparse levels, or fit with --method nuts and informative priors (--prior)."];
    }

    private static bool Diverges(CoefficientRow c, double range) =>
        double.IsFinite(c.Estimate) && Math.Abs(c.Estimate) * range > DivergentLogOdds && !(c.StdError < 10 * Math.Abs(c.Estimate));

    private static double Range(FixedEffectsDesign x, int j)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = 0; i < x.X.Length / x.ColumnCount; i++)
        {
            var v = x.X[i * x.ColumnCount + j];
            (min, max) = (Math.Min(min, v), Math.Max(max, v));
        }

        return max - min;
    }

    /// <summary>The fixed-effect design with each group term's slope columns (not its intercept) appended once.</summary>
    private static ModelDesign WithSlopesAsFixed(ModelDesign design)
    {
        var fixedOnly = design.WithoutGroupTerms();
        var names = design.FixedEffects.Names.ToList();
        var extra = new List<(GroupTermDesign Term, int K)>();
        foreach (var g in design.GroupTerms)
        {
            for (var k = 0; k < g.CoefficientCount; k++)
            {
                if (g.CoefficientNames[k] != "Intercept" && !names.Contains(g.CoefficientNames[k], StringComparer.Ordinal))
                {
                    names.Add(g.CoefficientNames[k]);
                    extra.Add((g, k));
                }
            }
        }

        if (extra.Count == 0)
        {
            return fixedOnly;
        }

        var p = design.FixedEffects.ColumnCount;
        var wide = names.Count;
        var x = new double[design.CellCount * wide];
        for (var i = 0; i < design.CellCount; i++)
        {
            Array.Copy(design.FixedEffects.X, i * p, x, i * wide, p);
            for (var e = 0; e < extra.Count; e++)
            {
                var (g, k) = extra[e];
                x[i * wide + p + e] = g.Z[i * g.CoefficientCount + k];
            }
        }

        var stats = design.RowStatistics;
        return new ModelDesign
        {
            Family = design.Family,
            Link = design.Link,
            CellCount = design.CellCount,
            Aggregated = design.Aggregated,
            Response = design.Response,
            FixedEffects = new FixedEffectsDesign { Names = names, X = x, InterceptIndex = design.FixedEffects.InterceptIndex },
            GroupTerms = [],
            RowStatistics = new RowStatistics
            {
                RowCount = stats.RowCount,
                ColumnMeans = [.. stats.ColumnMeans, .. extra.Select(_ => 0.0)],
                ColumnSds = [.. stats.ColumnSds, .. extra.Select(_ => 1.0)],
                ResponseMean = stats.ResponseMean,
                ResponseSd = stats.ResponseSd,
            },
        };
    }
}
