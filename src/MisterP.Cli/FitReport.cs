using MisterP.Posterior;
using MisterP.Workflow;

namespace MisterP.Cli;

/// <summary>What <c>mrp fit</c> prints: data fingerprint, a compact parameter table, warnings, where the files are.</summary>
internal static class FitReport
{
    public static void Print(CliContext context, MrpFit fit, string outDir, bool quiet)
    {
        var o = context.Output;
        if (!quiet)
        {
            var d = fit.Design;
            o.WriteLine($"Formula: {fit.Formula.Text}");
            o.WriteLine($"Data: {fit.DataDescription}: {d.RowsUsed:N0} rows used, {d.RowsDropped:N0} dropped for missing values, " +
                        $"{d.Cells:N0} {(d.Design.Aggregated ? "cells after aggregation" : "rows modelled")}.");
            o.WriteLine($"Family: {Families.FamilyNames.Of(d.RequestedFamily)} ({Families.FamilyNames.Of(d.Design.Link)} link); method {fit.Method.ToString().ToLowerInvariant()}.");
            if (d.FamilyReason is { } reason)
            {
                o.WriteLine($"  (family inferred: {reason}; --family sets it explicitly)");
            }

            o.WriteLine();
            if (fit.Coefficients is { } coefficients)
            {
                PrintCoefficients(o, coefficients);
                if (fit.Classical is { } c)
                {
                    var fitLine = c.Sigma is { } sigma
                        ? $"Residual standard error {sigma:G4} on {c.DfResidual:F0} degrees of freedom; R² {c.RSquared:F4}, adjusted R² {c.AdjustedRSquared:F4}; log-likelihood {c.LogLikelihood:F3}, AIC {c.Aic:F2}."
                        : $"Deviance {c.Deviance:F3} on {c.DfResidual:F0} degrees of freedom (null deviance {c.NullDeviance:F3}); AIC {c.Aic:F3}; {c.Iterations} IRLS iterations.";
                    o.WriteLine(fitLine);
                }
                else if (fit.Mixed is { } m)
                {
                    o.WriteLine($"Laplace log-likelihood {m.LogLikelihood:F4}; AIC {m.Aic:F2}, BIC {m.Bic:F2}{(m.Singular ? "; singular fit (see warnings)" : string.Empty)}.");
                }
            }
            else if (fit.Summary is { } summary)
            {
                PrintPosterior(o, summary);
            }

            o.WriteLine();
        }

        foreach (var warning in fit.Warnings)
        {
            context.Error.WriteLine($"Warning: {warning}");
        }

        if (!quiet)
        {
            o.WriteLine($"Wrote {Path.GetFullPath(outDir)} (model.json, summary.csv{(fit.Draws is null ? string.Empty : ", draws.csv")}) " +
                        $"in {(fit.PreparationTime + fit.EstimationTime).TotalSeconds:F1} s.");
        }
    }

    private static void PrintCoefficients(TextWriter o, IReadOnlyList<Inference.Classical.CoefficientRow> rows)
    {
        var table = new TextTable("parameter", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high");
        foreach (var r in rows)
        {
            table.Add(r.Name, TextTable.Number(r.Estimate), TextTable.Number(r.StdError), TextTable.Number(r.Statistic, 2),
                PValue(r.PValue), TextTable.Number(r.ConfLow), TextTable.Number(r.ConfHigh));
        }

        table.Write(o);
    }

    /// <summary>Population-level and group-level sd rows; per-level effects (r_…) are many, so only counted.</summary>
    private static void PrintPosterior(TextWriter o, IReadOnlyList<ParameterSummary> summary)
    {
        var table = new TextTable("parameter", "mean", "sd", "q5", "q95", "ess_bulk", "ess_tail", "rhat");
        var hidden = 0;
        foreach (var s in summary)
        {
            if (s.Name.StartsWith("r_", StringComparison.Ordinal))
            {
                hidden++;
                continue;
            }

            table.Add(s.Name, TextTable.Number(s.Mean), TextTable.Number(s.Sd), TextTable.Number(s.Q5), TextTable.Number(s.Q95),
                TextTable.Count(s.EssBulk), TextTable.Count(s.EssTail), TextTable.Number(s.Rhat));
        }

        table.Write(o);
        if (hidden > 0)
        {
            o.WriteLine($"({hidden} group-level effects r_… are in summary.csv.)");
        }
    }

    private static string PValue(double p) =>
        double.IsNaN(p) ? "NA" : p < 1e-4 ? "<1e-4" : TextTable.Number(p, 4);
}
