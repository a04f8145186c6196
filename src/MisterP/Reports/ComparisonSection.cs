using MisterP.Compare;
using MisterP.Plots;

namespace MisterP.Reports;

/// <summary>"Raw vs MRP": accuracy against the truth (RMSE, MAE, bias, coverage as <c>mrp compare</c> computes them) and the per-group table.</summary>
internal static class ComparisonSection
{
    public const string Id = "comparison";

    public static ReportSection Build(GroupResults? estimates)
    {
        var blocks = new List<ReportBlock>();
        if (estimates?.Comparison is not { } comparison)
        {
            blocks.Add(new ParagraphBlock(
                "No comparison given: run mrp compare EST.csv --raw SAMPLE --outcome y [--truth TRUTH --truth-column c] --by GROUP --out CMP.csv and pass --compare CMP.csv.",
                Tone.Note));
            return new ReportSection(Id, "Raw vs MRP", blocks);
        }

        var summary = ComparisonSummary.Of(comparison);
        if (summary.Accuracy.Count == 0)
        {
            blocks.Add(new ParagraphBlock("The comparison has no truth, so accuracy cannot be scored; the table sets raw means against MRP.", Tone.Note));
        }
        else
        {
            if (summary.ShareMrpBeatsRaw is { } share)
            {
                blocks.Add(new ParagraphBlock($"MRP is closer to the truth than the raw sample mean in {ReportText.Percent(share)} of groups.", share >= 0.5 ? Tone.Good : Tone.Warning));
            }

            blocks.Add(new TableBlock(
                "Accuracy against the truth",
                ["estimator", "groups", "RMSE", "MAE", "bias", $"{estimates.IntervalName} coverage"],
                summary.Accuracy.Select(a => (IReadOnlyList<string>)
                [
                    a.Estimator, a.Groups.ToString(System.Globalization.CultureInfo.InvariantCulture), ReportText.Number(a.Rmse, "0.0000"),
                    ReportText.Number(a.Mae, "0.0000"), ReportText.Signed(a.Bias, "0.0000"), a.Coverage is { } c ? ReportText.Percent(c) : ReportText.Missing,
                ]).ToList()));
        }

        var baselines = comparison.SelectMany(r => r.Baselines.Keys).Distinct(StringComparer.Ordinal).ToList();
        var hasTruth = comparison.Any(r => double.IsFinite(r.Truth));
        var headers = new List<string> { string.Join(" × ", estimates.Columns), "n", "raw" };
        headers.AddRange(baselines);
        headers.AddRange(["MRP", "lower", "upper"]);
        if (hasTruth)
        {
            headers.Add("truth");
        }

        var rows = comparison.Select(r =>
        {
            var cells = new List<string> { string.Join(" · ", r.Key), ReportText.Count(r.RawCount), ReportText.Number(r.Raw) };
            cells.AddRange(baselines.Select(b => r.Baselines.TryGetValue(b, out var v) ? ReportText.Number(v.Estimate) : ReportText.Missing));
            cells.AddRange([ReportText.Number(r.Mrp), ReportText.Number(r.MrpLower), ReportText.Number(r.MrpUpper)]);
            if (hasTruth)
            {
                cells.Add(ReportText.Number(r.Truth));
            }

            return (IReadOnlyList<string>)cells;
        }).ToList();
        blocks.Add(new TableBlock($"Per group: MRP with its {estimates.IntervalName} (lower, upper)", headers, rows));
        return new ReportSection(Id, "Raw vs MRP", blocks);
    }
}
