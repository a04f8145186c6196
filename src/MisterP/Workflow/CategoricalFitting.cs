using MisterP.Design;
using MisterP.Inference;
using MisterP.Inference.Sampling;
using MisterP.Models;
using MisterP.Posterior;
using MisterP.Priors;

namespace MisterP.Workflow;

/// <summary>NUTS for a categorical or multinomial design (<see cref="CategoricalModel"/>), with the warnings its data call for.</summary>
internal static class CategoricalFitting
{
    public static MrpFit Fit(FitContext context, CategoryPriors priors, IProgress<ChainProgress>? progress, CancellationToken cancellationToken)
    {
        var design = context.Design.Design;
        var model = new CategoricalModel(design, priors);
        if (context.Options.InformationScaling)
        {
            model = model.WithInformationScaling();
        }

        var settings = context.Options.Sampler;
        DrawsBudget.Check(settings.Chains, settings.Draws, model.OutputNames.Count, SamplerStatistics.Names.Count);
        var sampling = NutsSampler.Sample(model, settings, progress, cancellationToken);
        var summary = Diagnostics.Summarize(sampling.Draws);
        var sampler = SamplerDiagnostics.From(sampling.Draws, settings.MaxTreeDepth);
        var warnings = DiagnosticWarnings.Evaluate(summary, sampler).ToList();
        var categories = design.Response.Categories!;
        var totals = ReferenceCategoryCheck.CategoryTotals(design.Response.CategoryCounts!, categories.Count);
        var empty = categories.Where((_, k) => totals[k] == 0).ToList();
        if (empty.Count > 0)
        {
            // The reference cannot be empty (ReferenceCategoryCheck); another empty category's predictor runs off to −∞, held back only by its prior.
            warnings.Add($"Categor{(empty.Count == 1 ? "y" : "ies")} {string.Join(", ", empty.Select(c => $"'{c}'"))} of '{DesignBuilder.ResponseName(context.Formula.Response)}' never occur in the data: " +
                "their intercepts rest on the prior alone and their shares will be near 0. Drop them from --levels, or merge them into another category.");
        }

        var entries = new PriorSet
        {
            Intercept = null,
            Coefficients = [],
            GroupSds = [],
            CorrelationEta = [],
            Sigma = null,
            Shape = null,
            Entries = priors.Entries,
        };
        return MrpFit.FromSampling(context, entries, sampling, summary, sampler, warnings);
    }
}
