using MisterP.Compare;
using MisterP.Plots;

namespace MisterP.Reports;

/// <summary>
/// The report of a fit (SPEC §2 <c>mrp report</c>): at a glance, notes, data and weighting, model and priors,
/// diagnostics with warnings, estimates with plots, raw vs MRP.
/// </summary>
public static class FitReport
{
    /// <summary>Section anchors, in page order.</summary>
    public static IReadOnlyList<string> SectionIds { get; } =
        ["glance", DataSection.Id, ModelSection.Id, DiagnosticsSection.Id, ModelCheckingSection.Id, EstimatesSection.Id, ComparisonSection.Id];

    public static ReportDocument Build(FitOverview fit, ReportOptions options)
    {
        DrawSummary.CheckInterval(options.Interval);
        if (options.ComparisonPath is not null && options.EstimatesPath is null)
        {
            throw new UserInputException("--compare needs --estimates EST.csv as well (the comparison is shown next to the estimates it was made from).");
        }

        var estimates = options.EstimatesPath is { } path ? GroupResults.Load(path, options.ComparisonPath, options.By) : null;
        var sections = new List<ReportSection> { Glance(fit, estimates, options.Notes) };
        sections.Add(DataSection.Build(fit, estimates));
        sections.Add(ModelSection.Build(fit));
        sections.Add(DiagnosticsSection.Build(fit));
        sections.Add(ModelCheckingSection.Build(options.ModelChecking, options.ModelCheckingNote, options.ModelCheckingFigures));
        var shares = options.EstimatesPath is { } est && CategoryShares.IsOrdinal(est) ? CategoryShares.Load(est, options.By) : null;
        sections.Add(EstimatesSection.Build(fit, estimates, options.Interval, shares));
        sections.Add(ComparisonSection.Build(estimates));
        return new ReportDocument(
            options.Title ?? $"MRP report: {fit.Outcome}",
            $"{fit.Formula} · {fit.Family} ({fit.Link}) · method {fit.Method} · fit folder {fit.Directory} · MisterP {fit.Version}",
            sections);
    }

    /// <summary>The three things a reader wants first: the headline estimate, whether to trust the fit, and whether MRP helped.</summary>
    private static ReportSection Glance(FitOverview fit, GroupResults? estimates, IReadOnlyList<string> notes)
    {
        var facts = new List<(string, string)>();
        if (estimates?.National is { } national)
        {
            facts.Add(($"{fit.Outcome}, whole population (MRP)", $"{ReportText.Number(national.Estimate)} [{ReportText.Number(national.Lower)}, {ReportText.Number(national.Upper)}]"));
        }

        if (estimates is { Groups.Count: > 1 })
        {
            facts.Add(($"Groups of {estimates.Set}", $"{estimates.Groups.Count}, estimates from {ReportText.Number(estimates.Groups.Min(g => g.Estimate))} to {ReportText.Number(estimates.Groups.Max(g => g.Estimate))}"));
        }

        facts.Add(("Diagnostics", fit.Warnings.Count == 0 && !fit.Singular ? "no warnings" : $"{fit.Warnings.Count + (fit.Singular ? 1 : 0)} warning(s)"));
        if (estimates?.Comparison is { } comparison && ComparisonSummary.Of(comparison) is { Accuracy.Count: > 0 } summary)
        {
            var raw = summary.Accuracy.First(a => a.Estimator == "raw");
            var mrp = summary.Accuracy.First(a => a.Estimator == "mrp");
            facts.Add(("RMSE against truth", $"raw {ReportText.Number(raw.Rmse, "0.0000")} → MRP {ReportText.Number(mrp.Rmse, "0.0000")}" +
                (summary.ShareMrpBeatsRaw is { } share ? $"; MRP closer in {ReportText.Percent(share)} of groups" : string.Empty)));
        }

        facts.Add(("Data", $"{ReportText.Count(fit.RowsUsed)} rows used, {ReportText.Count(fit.RowsDropped)} dropped"));
        var blocks = new List<ReportBlock> { new FactsBlock(facts) };
        var warnings = fit.Warnings.Count + (fit.Singular ? 1 : 0);
        if (warnings > 0)
        {
            blocks.Add(new ParagraphBlock($"The fit has {warnings} diagnostic warning(s): read Diagnostics before relying on the estimates.", Tone.Warning));
        }

        blocks.AddRange(notes.Select(n => new ParagraphBlock(n, Tone.Note)));
        return new ReportSection("glance", "At a glance", blocks);
    }
}
