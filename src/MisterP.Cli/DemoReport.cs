using MisterP.Workflow;

namespace MisterP.Cli;

/// <summary>What <c>mrp demo</c> prints at the end: raw vs MRP vs truth, accuracy, and where everything is.</summary>
internal static class DemoReport
{
    public static void Print(CliContext context, DemoResult result, bool quiet)
    {
        var o = context.Output;
        if (!quiet)
        {
            o.WriteLine();
            var table = new TextTable("group", "level", "raw", "n", "MRP", "90% interval", "truth");
            foreach (var r in result.Comparison)
            {
                table.Add(r.Grouping, r.Level, TextTable.Number(r.Raw), TextTable.Count(r.RawCount), TextTable.Number(r.Mrp),
                    $"[{TextTable.Number(r.Lower)}, {TextTable.Number(r.Upper)}]", TextTable.Number(r.Truth));
            }

            table.Write(o);
            o.WriteLine();
            var overall = result.Overall;
            o.WriteLine($"Whole customer base: raw survey {overall.Raw:P1}, MRP {overall.Mrp:P1} (90% interval {overall.Lower:P1}–{overall.Upper:P1}), truth {overall.Truth:P1}.");
            foreach (var a in result.Accuracy.Accuracy)
            {
                var coverage = a.Coverage is { } c ? $", 90% interval coverage {c:P0}" : string.Empty;
                o.WriteLine($"  {a.Estimator,-4} over {a.Groups} groups: RMSE {a.Rmse:F3}, MAE {a.Mae:F3}, bias {a.Bias:+0.000;-0.000}{coverage}");
            }

            if (result.Accuracy.ShareMrpBeatsRaw is { } beats)
            {
                o.WriteLine($"  MRP is closer to the truth than the raw survey in {beats:P0} of the groups.");
            }

            o.WriteLine();
        }

        o.WriteLine($"Demo output: {result.OutputDirectory} (data/, fits/, estimates.csv, comparison.csv).");
    }
}
