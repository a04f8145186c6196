using System.Text.Json;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;

namespace MisterP.Workflow;

/// <summary>
/// A fit's own data, reopened: a fit folder stores no data, so what needs it (the posterior predictive plot,
/// predictions over the fit's data, finite-population post-stratification) re-reads the source model.json records
/// (a plain file's path is recorded absolute), with its joins, in this one place.
/// </summary>
public static class FitData
{
    /// <summary>
    /// The fit's data source (before aggregation) with its joins, reopened from what model.json records.
    /// <paramref name="who"/> names what needs it ("--finite-population"), for the message when that fails.
    /// </summary>
    public static ITableSource Open(SavedFit fit, string who)
    {
        var data = fit.Model.GetProperty("data");
        var modelPath = Path.Combine(fit.Directory, "model.json");
        if (!data.TryGetProperty("spec", out var specElement) || specElement.GetString() is not { } spec)
        {
            throw new UserInputException(
                $"{who} needs the fit's data, but {modelPath} records no data source to reopen (the fit was made from an open table, " +
                "or by an older mrp). Refit with mrp fit DATA.");
        }

        var joins = data.TryGetProperty("joins", out var j)
            ? j.EnumerateArray().Select(x => new JoinSpec(x.GetProperty("file").GetString()!, x.GetProperty("on").EnumerateArray().Select(k => k.GetString()!).ToList())).ToList()
            : [];
        return Reopen(spec, joins, $"{who} re-reads the fit's data from '{spec}' (recorded in {modelPath})", fit.Recode);
    }

    /// <summary>An in-memory fit's data source, reopened from its spec (<see cref="ITableSource.Spec"/>).</summary>
    internal static ITableSource Open(string? spec, IReadOnlyList<JoinSpec> joins, string who, RecodeRules recode) =>
        spec is null
            ? throw new UserInputException($"{who} needs the fit's data, but the fit was made from an open table that cannot be reopened; pass the data explicitly.")
            : Reopen(spec, joins, $"{who} re-reads the fit's data from '{spec}'", recode);

    /// <summary>
    /// The fit's data rebuilt into the same cells, checked against the fit's fingerprint (rows used, cells, columns and
    /// levels) before it is trusted.
    /// </summary>
    public static DesignResult Load(SavedFit fit, string who)
    {
        var data = fit.Model.GetProperty("data");
        DesignResult design;
        using (var table = Open(fit, who))
        {
            try
            {
                design = DesignBuilder.Build(FormulaParser.Parse(fit.Model.GetProperty("formula").GetString()!), table, new DesignOptions
                {
                    Family = FamilyNames.ParseFamily(fit.Model.GetProperty("family").GetString()!),
                    Link = fit.Shape.Link,
                    Aggregate = !fit.Model.TryGetProperty("settings", out var s) || !s.TryGetProperty("aggregate", out var a) || a.GetBoolean(),
                });
            }
            catch (UserInputException e)
            {
                throw new UserInputException($"{who} re-reads the fit's data ({table.Description}), and building its cells failed: {e.Message} Restore the data as it was when fitting, or refit.");
            }
        }

        var expectedRows = data.GetProperty("rows_used").GetInt64();
        var expectedCells = data.GetProperty("cells").GetInt32();
        var shape = ModelShape.Of(design.Design);
        var same = design.RowsUsed == expectedRows && design.Cells == expectedCells &&
                   shape.FixedEffects.SequenceEqual(fit.Shape.FixedEffects, StringComparer.Ordinal) &&
                   shape.GroupTerms.Count == fit.Shape.GroupTerms.Count &&
                   shape.GroupTerms.Zip(fit.Shape.GroupTerms).All(p => p.First.Name == p.Second.Name && p.First.Levels.SequenceEqual(p.Second.Levels, StringComparer.Ordinal));
        if (!same)
        {
            throw new UserInputException(
                $"The fit's data changed since fitting, so they no longer match the fit in {fit.Directory} (now {design.RowsUsed} rows in {design.Cells} cells; " +
                $"the fit used {expectedRows} rows in {expectedCells} cells, or its columns or levels differ). Restore the data as it was when fitting, or refit.");
        }

        return design;
    }

    private static ITableSource Reopen(string spec, IReadOnlyList<JoinSpec> joins, string what, RecodeRules recode)
    {
        try
        {
            return TableSources.Open(spec, joins, recode);
        }
        catch (UserInputException e)
        {
            throw new UserInputException($"{what}, and that failed: {e.Message} Restore the data, or refit.");
        }
    }

    /// <summary>The response variable as the formula writes it ("abortion", "log(y)"), for axis labels.</summary>
    public static string OutcomeName(JsonElement model)
    {
        var formula = FormulaParser.Parse(model.GetProperty("formula").GetString()!);
        return formula.Response.Outcome is VariableExpr v ? v.Name : ExprText.Format(formula.Response.Outcome);
    }
}
