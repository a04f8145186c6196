using MisterP.Checking;
using MisterP.Output;

namespace MisterP.Cli;

/// <summary>The text form of <c>mrp loo</c>, laid out like R's <c>print(loo)</c> and <c>print(loo_compare())</c>.</summary>
internal static class LooTable
{
    public static void Print(TextWriter output, LooAnalysis analysis)
    {
        foreach (var m in analysis.Models)
        {
            output.WriteLine($"{m.Name}: computed from {m.Loo.DrawCount} by {TextTable.Count(m.Loo.ObservationCount)} log-likelihood matrix " +
                             $"(unit: {m.Unit}; {m.Loo.Pointwise.Count} distinct pointwise values)");
            output.WriteLine();
            var estimates = new TextTable("", "Estimate", "SE");
            estimates.Add("elpd_loo", TextTable.Number(m.Loo.ElpdLoo.Value, 1), TextTable.Number(m.Loo.ElpdLoo.Se, 1));
            estimates.Add("p_loo", TextTable.Number(m.Loo.PLoo.Value, 1), TextTable.Number(m.Loo.PLoo.Se, 1));
            estimates.Add("looic", TextTable.Number(m.Loo.LooIc.Value, 1), TextTable.Number(m.Loo.LooIc.Se, 1));
            estimates.Add("elpd_waic", TextTable.Number(m.Waic.ElpdWaic.Value, 1), TextTable.Number(m.Waic.ElpdWaic.Se, 1));
            estimates.Add("p_waic", TextTable.Number(m.Waic.PWaic.Value, 1), TextTable.Number(m.Waic.PWaic.Se, 1));
            estimates.Add("waic", TextTable.Number(m.Waic.WaicTotal.Value, 1), TextTable.Number(m.Waic.WaicTotal.Se, 1));
            estimates.Write(output);
            output.WriteLine("------");
            output.WriteLine(m.Loo.McseElpdLoo is { } mcse
                ? $"Monte Carlo SE of elpd_loo is {TextTable.Number(mcse, 1)}."
                : "Monte Carlo SE of elpd_loo is NA (some Pareto k > 0.7).");
            output.WriteLine();
            output.WriteLine("Pareto k diagnostic values:");
            var k = new TextTable("", "", "Count", "Pct.", "Min. n_eff");
            foreach (var band in m.Loo.ParetoK.Bands)
            {
                k.Add(band.Range, band.Label, TextTable.Count(band.Count), TextTable.Number(100 * band.Proportion, 1) + "%",
                    double.IsNaN(band.MinPsisEffectiveSize) ? "--" : TextTable.Count(band.MinPsisEffectiveSize));
            }

            k.Write(output);
            output.WriteLine();
        }

        if (analysis.Comparison is { } comparison)
        {
            var table = new TextTable("model", "elpd_diff", "se_diff", "elpd_loo", "se_elpd_loo", "p_loo", "looic");
            foreach (var row in comparison)
            {
                table.Add(row.Model, TextTable.Number(row.ElpdDiff, 1), TextTable.Number(row.SeDiff, 1), TextTable.Number(row.Loo.ElpdLoo.Value, 1),
                    TextTable.Number(row.Loo.ElpdLoo.Se, 1), TextTable.Number(row.Loo.PLoo.Value, 1), TextTable.Number(row.Loo.LooIc.Value, 1));
            }

            table.Write(output);
            output.WriteLine();
        }

        if (analysis.Weights is { } weights)
        {
            output.WriteLine($"Model weights ({LooFiles.MethodLabel(analysis.WeightMethod!.Value)}):");
            var table = new TextTable("model", "weight");
            for (var i = 0; i < weights.Count; i++)
            {
                table.Add(analysis.Models[i].Name, TextTable.Number(weights[i], 3));
            }

            table.Write(output);
        }
    }
}
