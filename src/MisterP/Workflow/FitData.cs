using System.Text.Json;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;

namespace MisterP.Workflow;

/// <summary>
/// A saved fit's data rebuilt into the same cells: a fit folder stores no data, so checks that need it (the
/// posterior predictive plot) re-read the source model.json records, with its joins, and verify the result
/// matches the fit's fingerprint (rows used, cells, columns and levels) before trusting it.
/// </summary>
public static class FitData
{
    public static DesignResult Load(SavedFit fit)
    {
        var data = fit.Model.GetProperty("data");
        var source = data.GetProperty("source").GetString()!;
        var joins = data.TryGetProperty("joins", out var j)
            ? j.EnumerateArray().Select(x => new JoinSpec(x.GetProperty("file").GetString()!, x.GetProperty("on").EnumerateArray().Select(k => k.GetString()!).ToList())).ToList()
            : [];
        DesignResult design;
        try
        {
            using var table = TableSources.Open(source, joins);
            design = DesignBuilder.Build(FormulaParser.Parse(fit.Model.GetProperty("formula").GetString()!), table, new DesignOptions
            {
                Family = FamilyNames.ParseFamily(fit.Model.GetProperty("family").GetString()!),
                Link = fit.Shape.Link,
                Aggregate = !fit.Model.TryGetProperty("settings", out var s) || !s.TryGetProperty("aggregate", out var a) || a.GetBoolean(),
            });
        }
        catch (UserInputException e)
        {
            throw new UserInputException(
                $"This needs the fit's data, re-read from '{source}' as recorded in {Path.Combine(fit.Directory, "model.json")}, and that failed: {e.Message} " +
                "Run from the folder where 'mrp fit' ran (the path may be relative), or refit.");
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
                $"The data at '{source}' no longer match the fit in {fit.Directory} (now {design.RowsUsed} rows in {design.Cells} cells; " +
                $"the fit used {expectedRows} rows in {expectedCells} cells, or its columns or levels differ). Refit on the current data.");
        }

        return design;
    }

    /// <summary>The response variable as the formula writes it ("abortion", "log(y)"), for axis labels.</summary>
    public static string OutcomeName(JsonElement model)
    {
        var formula = FormulaParser.Parse(model.GetProperty("formula").GetString()!);
        return formula.Response.Outcome is VariableExpr v ? v.Name : ExprText.Format(formula.Response.Outcome);
    }
}
