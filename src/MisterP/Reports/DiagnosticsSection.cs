using MisterP.Plots;
using MisterP.Posterior;

namespace MisterP.Reports;

/// <summary>
/// "Diagnostics": the fit's warnings with their remedies first, then the numbers behind them — R̂ and ESS
/// (Vehtari et al. 2021), divergences, tree depth and E-BFMI per chain (Betancourt 2016), rank histograms — or, for
/// maximum likelihood, the coefficient table and whether the fit is singular.
/// </summary>
internal static class DiagnosticsSection
{
    public const string Id = "diagnostics";

    public static ReportSection Build(FitOverview fit)
    {
        var blocks = new List<ReportBlock>();
        if (fit.Singular)
        {
            blocks.Add(new ParagraphBlock(
                "Singular fit: some group sd is estimated at zero (or a correlation at ±1), as lme4's isSingular reports. The data cannot tell that term's " +
                "levels apart; simplify the term, or fit by --method nuts, whose priors keep sds away from the boundary.", Tone.Warning));
        }

        blocks.Add(fit.Warnings.Count > 0
            ? new ListBlock(fit.Warnings, Tone.Warning)
            : new ParagraphBlock(fit.Method == "nuts"
                ? $"No warnings: R̂ ≤ {DiagnosticWarnings.RhatThreshold}, bulk and tail ESS at least 100 per chain, no divergent transitions, no saturated tree depth, E-BFMI ≥ {DiagnosticWarnings.EbfmiThreshold}."
                : "No warnings.", Tone.Good));

        if (fit.Summary is { Count: > 0 } summary)
        {
            blocks.AddRange(PosteriorBlocks(fit, summary));
        }

        if (fit.Coefficients is { } coefficients)
        {
            blocks.Add(new TableBlock(
                "Coefficients (Wald statistics and 95% intervals; group sds as estimates only)",
                ["parameter", "estimate", "std. error", "statistic", "p value", "2.5%", "97.5%"],
                coefficients.Select(c => (IReadOnlyList<string>)
                [
                    c.Name, ReportText.Number(c.Estimate), ReportText.Number(c.StdError), ReportText.Number(c.Statistic, "0.00"),
                    ReportText.Number(c.PValue, "0.0000"), ReportText.Number(c.ConfLow), ReportText.Number(c.ConfHigh),
                ]).ToList()));
        }

        if (fit.FitStatistics.Count > 0)
        {
            blocks.Add(new FactsBlock(fit.FitStatistics));
        }

        return new ReportSection(Id, "Diagnostics", blocks);
    }

    private static IEnumerable<ReportBlock> PosteriorBlocks(FitOverview fit, IReadOnlyList<ParameterSummary> summary)
    {
        var finiteRhat = summary.Where(s => double.IsFinite(s.Rhat)).ToList();
        var finiteBulk = summary.Where(s => double.IsFinite(s.EssBulk)).ToList();
        var finiteTail = summary.Where(s => double.IsFinite(s.EssTail)).ToList();
        var facts = new List<(string, string)>();
        if (finiteRhat.Count > 0)
        {
            var worst = finiteRhat.MaxBy(s => s.Rhat)!;
            facts.Add(("Largest R̂", $"{ReportText.Number(worst.Rhat)} ({worst.Name})"));
        }

        if (finiteBulk.Count > 0)
        {
            var lowest = finiteBulk.MinBy(s => s.EssBulk)!;
            facts.Add(("Smallest bulk ESS", $"{ReportText.Count(lowest.EssBulk)} ({lowest.Name})"));
        }

        if (finiteTail.Count > 0)
        {
            var lowest = finiteTail.MinBy(s => s.EssTail)!;
            facts.Add(("Smallest tail ESS", $"{ReportText.Count(lowest.EssTail)} ({lowest.Name})"));
        }

        if (fit.Draws is { } draws)
        {
            facts.Add(("Draws", $"{draws.ChainCount} chain(s) × {draws.DrawsPerChain}"));
        }

        var overview = new List<ReportBlock> { new FactsBlock(facts) };
        if (fit.Sampler is { } sampler)
        {
            overview.Add(new TableBlock(
                "Sampler, per chain",
                ["chain", "divergent transitions", $"hits of max tree depth {sampler.MaxTreeDepth}", "E-BFMI", "step size"],
                Enumerable.Range(0, sampler.DivergencesPerChain.Length).Select(c => (IReadOnlyList<string>)
                [
                    (c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ReportText.Count(sampler.DivergencesPerChain[c]),
                    ReportText.Count(sampler.TreeDepthHitsPerChain[c]),
                    sampler.EbfmiPerChain[c] is { } e ? ReportText.Number(e, "0.00") : ReportText.Missing,
                    c < fit.StepSizes.Count ? ReportText.Number(fit.StepSizes[c], "0.0000") : ReportText.Missing,
                ]).ToList()));
        }

        yield return new ColumnsBlock(overview);

        var population = summary.Where(s => !s.Name.StartsWith("r_", StringComparison.Ordinal)).ToList();
        var effects = summary.Count - population.Count;
        var table = new TableBlock(
            "Population-level parameters" + (effects > 0 ? $" ({effects} group effects r_…[…] are in summary.csv and the effects plot)" : string.Empty),
            ["parameter", "mean", "sd", "5%", "50%", "95%", "bulk ESS", "tail ESS", "R̂"],
            population.Select(s => (IReadOnlyList<string>)
            [
                s.Name, ReportText.Number(s.Mean), ReportText.Number(s.Sd), ReportText.Number(s.Q5), ReportText.Number(s.Median), ReportText.Number(s.Q95),
                ReportText.Count(s.EssBulk), ReportText.Count(s.EssTail), ReportText.Number(s.Rhat),
            ]).ToList());
        yield return new FoldBlock($"Posterior summary of the {population.Count} population-level parameters", [table]);

        if (fit.Draws is { ChainCount: > 1 } chains && fit.Sampler is not null)
        {
            using var figure = RankPlot.Create(chains, width: 1100);
            yield return new FoldBlock("Rank histograms per chain", [new ImageBlock(figure.ToPng(), figure.Width, figure.Height,
                "Rank histograms of the population-level parameters: flat bars in every chain mean the chains explore the same distribution (Vehtari et al. 2021).")]);
        }
    }
}
