using MisterP.Compare;
using MisterP.Workflow;

namespace MisterP.Cli;

/// <summary>What <c>mrp demo</c> prints at the end: raw vs MRP vs truth per group, accuracy, the caveat, and where everything is.</summary>
internal static class DemoReport
{
    public static void Print(CliContext context, DemoResult result)
    {
        var o = context.Output;
        o.WriteLine();
        var table = new TextTable("group", "level", "raw", "n", "MRP", "90% interval", "truth", "MRP closer");
        foreach (var comparison in result.Groups)
        {
            foreach (var r in comparison.Rows)
            {
                table.Add(string.Join(",", comparison.By), string.Join(", ", r.Key), TextTable.Number(r.Raw), TextTable.Count(r.RawCount),
                    TextTable.Number(r.Mrp), $"[{TextTable.Number(r.MrpLower)}, {TextTable.Number(r.MrpUpper)}]", TextTable.Number(r.Truth),
                    !double.IsFinite(r.Raw) ? "–" : MrpCloser(r) ? "yes" : "no");
            }
        }

        table.Write(o);
        o.WriteLine();
        var overall = result.Overall;
        if (result.Scenario.Quantity is { } quantity)
        {
            // An ordinal quantity (an NPS from −100 to 100, a mean score, a top-K share) is printed on its own scale.
            o.WriteLine($"Whole {result.Scenario.PopulationName}, {quantity}: raw survey {overall.Raw:F1}, MRP {overall.Mrp:F1} " +
                        $"(90% interval {overall.MrpLower:F1} to {overall.MrpUpper:F1}), truth {overall.Truth:F1}: " +
                        $"MRP is off by {Math.Abs(overall.Mrp - overall.Truth):F1}, the raw survey by {Math.Abs(overall.Raw - overall.Truth):F1}.");
        }
        else
        {
            o.WriteLine($"Whole {result.Scenario.PopulationName}: raw survey {overall.Raw:P1}, MRP {overall.Mrp:P1} " +
                        $"(90% interval {overall.MrpLower:P1}–{overall.MrpUpper:P1}), truth {overall.Truth:P1}: " +
                        $"MRP is off by {Points(overall.Mrp - overall.Truth)}, the raw survey by {Points(overall.Raw - overall.Truth)}.");
        }
        foreach (var comparison in result.Groups)
        {
            var rows = comparison.Rows.Where(r => double.IsFinite(r.Truth) && double.IsFinite(r.Raw)).ToList();
            o.WriteLine($"By {string.Join(",", comparison.By)}: MRP is closer to the truth than the raw survey in {rows.Count(MrpCloser)} of {rows.Count} groups.");
            foreach (var a in comparison.Summary.Accuracy)
            {
                var coverage = a.Coverage is { } c ? $", 90% interval coverage {c:P0}" : string.Empty;
                o.WriteLine($"  {a.Estimator,-4} over {a.Groups} groups: RMSE {a.Rmse:F3}, MAE {a.Mae:F3}, bias {a.Bias:+0.000;-0.000}{coverage}");
            }
        }

        o.WriteLine();
        o.WriteLine($"Note: {result.Scenario.Caveat}");
        o.WriteLine();
        o.WriteLine($"Demo output: {result.OutputDirectory} (data/, fits/, estimates.csv, {string.Join(", ", result.Artifacts.ComparisonFiles.Select(c => c.File))}, figures), written in {result.Elapsed.TotalSeconds:F0} s.");
        o.WriteLine($"Report: {result.Artifacts.ReportPath}");
    }

    /// <summary>Warnings of both fits, on the error stream like mrp fit's.</summary>
    public static void PrintWarnings(CliContext context, DemoResult result)
    {
        foreach (var (name, fit) in new[] { ("exploratory fit", result.Exploratory), ("multilevel fit", result.Multilevel) })
        {
            foreach (var warning in fit.Warnings)
            {
                context.Error.WriteLine($"Warning ({name}): {warning}");
            }
        }
    }

    private static string Points(double difference) => $"{Math.Abs(difference) * 100:F1} percentage points";

    private static bool MrpCloser(GroupComparison r) => Math.Abs(r.Mrp - r.Truth) < Math.Abs(r.Raw - r.Truth);
}
