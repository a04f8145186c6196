using MisterP.Checking;

namespace MisterP.Cli;

/// <summary>The text form of <c>mrp kfold</c>, laid out like brms's <c>print(kfold)</c> and <c>print(loo_compare())</c>.</summary>
internal static class KfoldTable
{
    public static void Print(TextWriter output, IReadOnlyList<KfoldResult> results, IReadOnlyList<LooComparisonRow>? comparison)
    {
        foreach (var r in results)
        {
            var folds = r.Folds.Folds.All(f => f.Count == 1) ? $"leave-one-{r.Folds.Factor}-out, {r.Folds.Count} folds" : $"{r.Folds.Count} folds of whole {r.Folds.Factor} levels";
            output.WriteLine($"{r.Model}: based on {folds} (unit: {r.Unit}; {r.DrawsPerFold} draws per refit; {r.Divergences} divergent transitions in all refits; " +
                             $"{r.Elapsed.TotalSeconds:F1} s)");
            output.WriteLine($"Each held-out {r.Folds.Factor}'s effect is drawn fresh from N(0, sd) in every draw, as for a group the fit never saw.");
            output.WriteLine();
            var table = new TextTable("", "Estimate", "SE");
            table.Add("elpd_kfold", TextTable.Number(r.ElpdKfold.Value, 1), TextTable.Number(r.ElpdKfold.Se, 1));
            table.Add("p_kfold", TextTable.Number(r.PKfold.Value, 1), TextTable.Number(r.PKfold.Se, 1));
            table.Add("kfoldic", TextTable.Number(r.KfoldIc.Value, 1), TextTable.Number(r.KfoldIc.Se, 1));
            table.Write(output);
            output.WriteLine();
        }

        if (comparison is not null)
        {
            var table = new TextTable("model", "elpd_diff", "se_diff", "elpd_kfold", "se_elpd_kfold", "p_kfold", "kfoldic");
            foreach (var row in comparison)
            {
                table.Add(row.Model, TextTable.Number(row.ElpdDiff, 1), TextTable.Number(row.SeDiff, 1), TextTable.Number(row.Loo.ElpdLoo.Value, 1),
                    TextTable.Number(row.Loo.ElpdLoo.Se, 1), TextTable.Number(row.Loo.PLoo.Value, 1), TextTable.Number(row.Loo.LooIc.Value, 1));
            }

            table.Write(output);
        }
    }
}
