using MisterP.Families;
using MisterP.Workflow;

namespace MisterP.Cli;

/// <summary>What <c>mrp fit --check</c> prints: the model a fit would estimate, with the data's fingerprint and warnings.</summary>
internal static class FitCheckReport
{
    public static void Print(CliContext context, FitCheck check)
    {
        var o = context.Output;
        var d = check.Design;
        var design = d.Design;
        o.WriteLine($"Formula: {check.Formula.Text}");
        o.WriteLine($"Data: {check.DataDescription}: {d.RowsUsed:N0} rows used, {d.RowsDropped:N0} dropped for missing values, " +
                    $"{d.Cells:N0} {(design.Aggregated ? "cells after aggregation" : "rows modelled")}.");
        o.WriteLine($"Family: {FamilyNames.Of(d.RequestedFamily)} ({FamilyNames.Of(design.Link)} link){(d.FamilyReason is { } r ? $", inferred: {r}" : string.Empty)}; method {check.Method.ToString().ToLowerInvariant()}.");
        o.WriteLine($"Fixed effects ({design.FixedEffects.ColumnCount}): {string.Join(", ", design.FixedEffects.Names)}");
        foreach (var g in design.GroupTerms)
        {
            o.WriteLine($"Group term {g.Name}: {g.Levels.Count} levels; varying {string.Join(", ", g.CoefficientNames)}{(g.Correlated ? " (correlated)" : string.Empty)}");
        }

        foreach (var warning in d.Warnings)
        {
            context.Error.WriteLine($"Warning: {warning}");
        }

        o.WriteLine("Check passed: nothing was fitted or written.");
    }
}
