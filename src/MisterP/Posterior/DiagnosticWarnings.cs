using System.Globalization;

namespace MisterP.Posterior;

/// <summary>The warnings a user needs after sampling, each with its usual remedy (thresholds of Vehtari et al. 2021 and Stan).</summary>
public static class DiagnosticWarnings
{
    public const double RhatThreshold = 1.01;
    public const double EbfmiThreshold = 0.3;

    public static IReadOnlyList<string> Evaluate(IReadOnlyList<ParameterSummary> summaries, SamplerDiagnostics sampler)
    {
        var warnings = new List<string>();
        var chains = sampler.DivergencesPerChain.Length;
        var highRhat = summaries.Where(s => s.Rhat > RhatThreshold).OrderByDescending(s => s.Rhat).ToList();
        if (highRhat.Count > 0)
        {
            warnings.Add($"{highRhat.Count} parameter(s) have R-hat > {RhatThreshold} (worst: {Describe(highRhat, s => s.Rhat, "F3")}): the chains disagree. " +
                         "Run longer (--warmup/--draws), check the model for weak identification, and do not trust these estimates yet.");
        }

        var minimum = 100.0 * chains;
        var lowBulk = summaries.Where(s => s.EssBulk < minimum).OrderBy(s => s.EssBulk).ToList();
        if (lowBulk.Count > 0)
        {
            warnings.Add($"{lowBulk.Count} parameter(s) have bulk ESS < {minimum:F0} (lowest: {Describe(lowBulk, s => s.EssBulk, "F0")}): posterior means and medians are imprecise. Run more draws.");
        }

        var lowTail = summaries.Where(s => s.EssTail < minimum).OrderBy(s => s.EssTail).ToList();
        if (lowTail.Count > 0)
        {
            warnings.Add($"{lowTail.Count} parameter(s) have tail ESS < {minimum:F0} (lowest: {Describe(lowTail, s => s.EssTail, "F0")}): interval ends are imprecise. Run more draws.");
        }

        if (sampler.Divergences > 0)
        {
            var total = sampler.Divergences;
            warnings.Add($"{total} divergent transition(s) after warmup: the sampler could not follow the posterior's curvature, so estimates may be biased. " +
                         "Raise --target-accept (e.g. 0.95 or 0.99); if they persist, the model may need reparameterization or stronger priors on group sds.");
        }

        if (sampler.TreeDepthHits > 0)
        {
            warnings.Add($"{sampler.TreeDepthHits} transition(s) hit the maximum tree depth of {sampler.MaxTreeDepth}: sampling is inefficient (not biased). " +
                         "Consider --max-treedepth 12 or a better-scaled model.");
        }

        var lowBfmi = sampler.EbfmiPerChain.Select((e, c) => (e, c)).Where(x => x.e is { } v && v < EbfmiThreshold).ToList();
        if (lowBfmi.Count > 0)
        {
            warnings.Add($"E-BFMI below {EbfmiThreshold} in chain(s) {string.Join(", ", lowBfmi.Select(x => x.c + 1))}: the momentum resampling explores the energy poorly. " +
                         "Reparameterize (e.g. non-centered group effects) or strengthen priors on scales.");
        }

        return warnings;
    }

    private static string Describe(List<ParameterSummary> items, Func<ParameterSummary, double> value, string format) =>
        string.Join(", ", items.Take(3).Select(s => $"{s.Name} {value(s).ToString(format, CultureInfo.InvariantCulture)}")) + (items.Count > 3 ? ", …" : string.Empty);
}
