using MisterP.Checking;

namespace MisterP.Reports;

/// <summary>"Model checking": PSIS-LOO (as R's loo 2.5.1) with its Pareto k table, and with other fits the comparison and weights.</summary>
internal static class ModelCheckingSection
{
    public const string Id = "checking";

    public static ReportSection Build(LooAnalysis? analysis, string? note, IReadOnlyList<ImageBlock>? figures = null)
    {
        var blocks = new List<ReportBlock>();
        if (analysis is null)
        {
            blocks.Add(new ParagraphBlock(note ?? "PSIS-LOO was not computed.", Tone.Note));
            blocks.AddRange(figures ?? []);
            return new ReportSection(Id, "Model checking", blocks);
        }

        var first = analysis.Models[0];
        blocks.Add(new ParagraphBlock(
            $"Leave-one-out cross-validation by Pareto smoothed importance sampling (PSIS-LOO, computed as R's loo 2.5.1) over " +
            $"{ReportText.Count(first.Loo.ObservationCount)} {first.Unit}s: how well the model predicts a respondent it was not fitted to. " +
            "It does not measure how well it predicts groups absent from the sample."));
        foreach (var m in analysis.Models)
        {
            var facts = new List<(string, string)>
            {
                ("elpd_loo", $"{ReportText.Number(m.Loo.ElpdLoo.Value, "0.0")} (se {ReportText.Number(m.Loo.ElpdLoo.Se, "0.0")})"),
                ("p_loo", ReportText.Number(m.Loo.PLoo.Value, "0.0")),
                ("looic", $"{ReportText.Number(m.Loo.LooIc.Value, "0.0")} (se {ReportText.Number(m.Loo.LooIc.Se, "0.0")})"),
                ("Monte Carlo SE of elpd_loo", m.Loo.McseElpdLoo is { } mcse ? ReportText.Number(mcse, "0.00") : "NA (some Pareto k > 0.7)"),
                ("WAIC", $"{ReportText.Number(m.Waic.WaicTotal.Value, "0.0")} (p_waic {ReportText.Number(m.Waic.PWaic.Value, "0.0")})"),
            };
            var table = new TableBlock(
                $"Pareto k diagnostic, {m.Name}",
                ["k", "", "count", "share", "min. n_eff"],
                m.Loo.ParetoK.Bands.Select(b => (IReadOnlyList<string>)
                [
                    b.Range, b.Label, ReportText.Count(b.Count), ReportText.Percent(b.Proportion),
                    double.IsNaN(b.MinPsisEffectiveSize) ? ReportText.Missing : ReportText.Count(b.MinPsisEffectiveSize),
                ]).ToList());
            blocks.Add(new ColumnsBlock([new FactsBlock(facts), table]));
            if (m.Loo.ParetoK.CountAbove07 > 0)
            {
                blocks.Add(new ParagraphBlock(
                    $"{m.Name}: {ReportText.Count(m.Loo.ParetoK.CountAbove07)} pointwise value(s) have Pareto k above 0.7, where PSIS-LOO is unreliable; " +
                    "check them by refitting without them (K-fold).", Tone.Warning));
            }
        }

        if (analysis.Comparison is { } comparison)
        {
            blocks.Add(new TableBlock(
                "Comparison (loo_compare: best first)",
                ["model", "elpd_diff", "se_diff", "elpd_loo", "se_elpd_loo", "p_loo", "looic"],
                comparison.Select(r => (IReadOnlyList<string>)
                [
                    r.Model, ReportText.Number(r.ElpdDiff, "0.0"), ReportText.Number(r.SeDiff, "0.0"), ReportText.Number(r.Loo.ElpdLoo.Value, "0.0"),
                    ReportText.Number(r.Loo.ElpdLoo.Se, "0.0"), ReportText.Number(r.Loo.PLoo.Value, "0.0"), ReportText.Number(r.Loo.LooIc.Value, "0.0"),
                ]).ToList()));
            if (analysis.Weights is { } weights)
            {
                blocks.Add(new TableBlock(
                    $"Model weights ({Output.LooFiles.MethodLabel(analysis.WeightMethod!.Value)})",
                    ["model", "weight"],
                    analysis.Models.Select((m, i) => (IReadOnlyList<string>)[m.Name, ReportText.Number(weights[i], "0.000")]).ToList()));
            }
        }

        // Posterior predictive checks after LOO: LOO says which model predicts best, these show where a model misses.
        blocks.AddRange(figures ?? []);
        return new ReportSection(Id, "Model checking", blocks);
    }
}
