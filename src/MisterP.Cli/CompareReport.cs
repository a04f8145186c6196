using MisterP.Compare;

namespace MisterP.Cli;

/// <summary>What <c>mrp compare</c> prints: the per-group table and accuracy against truth.</summary>
internal static class CompareReport
{
    /// <param name="interval">Probability of the MRP intervals (EST.csv's interval column), or null when unknown.</param>
    public static void Print(CliContext context, IReadOnlyList<string> by, IReadOnlyList<GroupComparison> rows, ComparisonSummary summary, double? interval)
    {
        var o = context.Output;
        var named = interval is { } p ? Posterior.IntervalLevel.Percent(p) + " interval" : "interval";
        // Baselines (weighted, raking) as columns beside raw, each with its standard error, only when there are any.
        var baselines = rows.SelectMany(r => r.Baselines.Keys).Distinct(StringComparer.Ordinal).ToList();
        var also = baselines.Count == 0 ? string.Empty : $", {string.Join(" and ", baselines)} baselines (with standard errors)";
        o.WriteLine($"MRP estimates with their {named} (lower, upper), raw sample means{also} and truth:");
        var table = new TextTable([by.Count == 0 ? "group" : string.Join(",", by), "raw", "n", .. baselines.SelectMany(b => new[] { b, "se" }), "MRP", "lower", "upper", "truth"]);
        foreach (var r in rows)
        {
            var baselineCells = baselines.SelectMany(b => r.Baselines.TryGetValue(b, out var v)
                ? new[] { TextTable.Number(v.Estimate), TextTable.Number(v.StdError) }
                : ["NA", "NA"]);
            table.Add([r.Key.Count == 0 ? "(all)" : string.Join(", ", r.Key), TextTable.Number(r.Raw), TextTable.Count(r.RawCount), .. baselineCells,
                TextTable.Number(r.Mrp), TextTable.Number(r.MrpLower), TextTable.Number(r.MrpUpper), TextTable.Number(r.Truth)]);
        }

        table.Write(o);
        foreach (var a in summary.Accuracy)
        {
            var coverage = a.Coverage is { } c ? $", {named} coverage {c:P0}" : string.Empty;
            o.WriteLine($"{a.Estimator}: {a.Groups} groups, RMSE {a.Rmse:F4}, MAE {a.Mae:F4}, bias {a.Bias:+0.0000;-0.0000}{coverage}");
        }

        if (summary.ShareMrpBeatsRaw is { } share)
        {
            o.WriteLine($"MRP is closer to the truth than raw in {share:P0} of groups.");
        }
    }
}
