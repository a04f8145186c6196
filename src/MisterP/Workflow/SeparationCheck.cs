using MisterP.Design;
using MisterP.Families;
using MisterP.Inference.Classical;

namespace MisterP.Workflow;

/// <summary>
/// Complete or quasi-complete separation in a binomial model's fixed effects: found by the classical fit of the
/// fixed-effect part (cheap over cells), reported so users know those coefficients are identified by their priors.
/// </summary>
internal static class SeparationCheck
{
    public static IEnumerable<string> Warnings(ModelDesign design)
    {
        if (design.Family is not (Family.Binomial or Family.Bernoulli) || design.FixedEffects.ColumnCount < 2)
        {
            return [];
        }

        var fixedOnly = design.WithoutGroupTerms();
        try
        {
            var fit = ClassicalFit.Fit(fixedOnly);
            return fit.Warnings.Any(w => w.Contains("numerically 0 or 1", StringComparison.Ordinal))
                ? ["Separation: some combination of the fixed-effect predictors predicts the outcome perfectly, so the data do not bound " +
                   "those coefficients; their posteriors follow the priors in that direction. Check the predictors, or set informative priors with --prior."]
                : [];
        }
        catch (UserInputException)
        {
            return [];
        }
    }
}
