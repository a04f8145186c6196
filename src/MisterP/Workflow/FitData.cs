using System.Text.Json;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;
using MisterP.Interpretation;

namespace MisterP.Workflow;

/// <summary>
/// A fit's own data, for what needs it after fitting (the posterior predictive plot, predictions over the fit's data,
/// finite-population post-stratification, leave-one-out): the cells and row → cell index the fit folder stores.
/// Nothing recorded in model.json (a query, a path) is run or opened unless the user asks: with <c>--data</c> (the
/// data given again) or <c>--trust-fit</c> (re-run the recorded source), see <see cref="FitDataAccess"/>.
/// </summary>
public static class FitData
{
    /// <summary>
    /// The fit's data source (before aggregation) as the user allowed it: the data given again, or the recorded source
    /// with its joins under <c>--trust-fit</c>. <paramref name="who"/> names what needs it ("--finite-population").
    /// </summary>
    public static ITableSource Open(SavedFit fit, string who)
    {
        var modelPath = Path.Combine(fit.Directory, "model.json");
        if (fit.DataAccess.DataSpec is { } given)
        {
            return Reopen(given, fit.DataAccess.Joins, $"{who} reads the fit's data from '{given}'", fit.Recode);
        }

        if (!fit.DataAccess.TrustRecordedSpec)
        {
            throw new UserInputException(
                $"{who} needs the fit's data, and {fit.Directory} stores no cells for it (written by an older mrp). " +
                $"Refit, or point at the data again with --data FILE, or pass --trust-fit to re-run the data source recorded in {modelPath} " +
                "(only for a fit folder you trust: the recorded source could be any query).");
        }

        var data = fit.Model.GetProperty("data");
        if (!data.TryGetProperty("spec", out var specElement) || specElement.GetString() is not { } spec)
        {
            throw new UserInputException(
                $"{who} needs the fit's data, but {modelPath} records no data source to reopen (the fit was made from an open table, " +
                "or by an older mrp). Refit with mrp fit DATA, or give the data with --data FILE.");
        }

        var joins = data.TryGetProperty("joins", out var j)
            ? j.EnumerateArray().Select(x => new JoinSpec(x.GetProperty("file").GetString()!, x.GetProperty("on").EnumerateArray().Select(k => k.GetString()!).ToList())).ToList()
            : [];
        return Reopen(spec, joins, $"{who} re-reads the fit's data from '{spec}' (recorded in {modelPath}, run because of --trust-fit)", fit.Recode);
    }

    /// <summary>An in-memory fit's data source, reopened from its spec (<see cref="ITableSource.Spec"/>).</summary>
    internal static ITableSource Open(string? spec, IReadOnlyList<JoinSpec> joins, string who, RecodeRules recode) =>
        spec is null
            ? throw new UserInputException($"{who} needs the fit's data, but the fit was made from an open table that cannot be reopened; pass the data explicitly.")
            : Reopen(spec, joins, $"{who} re-reads the fit's data from '{spec}'", recode);

    /// <summary>
    /// The fit's cells: rebuilt from the cells the folder stores (verified against their checksum), or, when the user
    /// asked (<see cref="FitDataAccess"/>), from the data read again; either way checked against the fit's fingerprint
    /// (rows used, cells, columns and levels) before it is trusted.
    /// </summary>
    public static DesignResult Load(SavedFit fit, string who)
    {
        var design = fit.DataAccess.DataSpec is null && StoredCellsOf(fit, who) is { } stored
            ? Rebuild(fit, stored)
            : FromData(fit, who);
        var data = fit.Model.GetProperty("data");
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

    /// <summary>
    /// The cell (0-based, into <see cref="Load"/>'s cells) of every data row the fit used, in row order, from the
    /// folder's row_cells.parquet (verified against its checksum).
    /// </summary>
    public static int[] RowCells(SavedFit fit)
    {
        var path = Verified(fit, FitFiles.RowCells, "The row → cell index");
        if (path is null)
        {
            throw new UserInputException($"{fit.Directory} has no row → cell index ({FitFiles.RowCells}); refit with this version of mrp.");
        }

        var cells = ((NumericColumn)ParquetTable.Read(path)["cell"]).Values;
        var expectedRows = fit.Model.GetProperty("data").GetProperty("rows_used").GetInt64();
        var cellCount = fit.Model.GetProperty("data").GetProperty("cells").GetInt32();
        if (cells.Length != expectedRows || cells.Any(c => c < 0 || c >= cellCount || c != Math.Floor(c)))
        {
            throw new UserInputException($"{path} does not match the fit ({cells.Length} rows; the fit used {expectedRows} rows in {cellCount} cells). Refit.");
        }

        return cells.Select(c => (int)c).ToArray();
    }

    /// <summary>
    /// The units predictions, comparisons and slopes average over when no other data are given: the stored cells,
    /// each standing for its respondents (a binomial fit's trials), or the data read again as the user allowed.
    /// </summary>
    internal static (ITableSource Source, InterpretationData Data) Units(SavedFit fit, Formula formula, string who)
    {
        if (fit.DataAccess.DataSpec is null && Verified(fit, FitFiles.Cells, who) is { } cells)
        {
            var description = $"the fit's data as the cells stored in {cells} (the model's columns only; for other columns give the data with --data FILE)";
            var source = DuckDbTableSource.Open(cells, [], null, description);
            // A multinomial cell stands for all its counted respondents, Σ_k count_k.
            var respondents = formula.Response.Counts is { } counts
                ? string.Join(" + ", Enumerable.Range(1, counts.Count).Select(k => Sql.Identifier(StoredCells.CategoryCount(k))))
                : Sql.Identifier(StoredCells.RespondentsColumn(formula.Response.IsBinomial));
            return (source, InterpretationData.Cells(source, respondents, description));
        }

        var data = Open(fit, who);
        return (data, InterpretationData.FitData(data, formula));
    }

    private static StoredCells? StoredCellsOf(SavedFit fit, string who)
    {
        if (Verified(fit, FitFiles.Cells, who) is not { } path)
        {
            return null;
        }

        var info = fit.Model.GetProperty("cells");
        static double Number(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
        return new StoredCells(ParquetTable.Read(path), Number(info, "response_mean"), Number(info, "response_sd"), Number(info, "log_likelihood_constant"));
    }

    /// <summary>
    /// The path of a stored data file when model.json's "cells" records it and it matches its checksum; null when the
    /// fit stores none (a folder from an older mrp); an error when it is missing, damaged or has no checksum.
    /// </summary>
    private static string? Verified(SavedFit fit, string name, string who)
    {
        if (!fit.Model.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Object ||
            !cells.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == name))
        {
            return null;
        }

        var path = Path.Combine(fit.Directory, name);
        return FitFiles.Verify(fit.Directory, fit.Model, name) switch
        {
            FileState.Intact => path,
            var state => throw new UserInputException(
                $"{who} reads the fit's stored cells, but {path} {state switch
                {
                    FileState.Missing => "is missing",
                    FileState.NotRecorded => "has no checksum in model.json",
                    _ => "does not match the checksum in model.json (damaged or edited)",
                }}. Restore the folder from a good copy, refit, or point at the data again with --data FILE."),
        };
    }

    private static DesignResult Rebuild(SavedFit fit, StoredCells stored)
    {
        var data = fit.Model.GetProperty("data");
        return stored.Rebuild(
            fit.Recipe,
            FamilyNames.ParseFamily(fit.Model.GetProperty("family").GetString()!),
            fit.Shape.Link,
            data.GetProperty("aggregated").GetBoolean(),
            data.GetProperty("rows_dropped_missing").GetInt64(),
            fit.Shape.Categories);
    }

    private static DesignResult FromData(SavedFit fit, string who)
    {
        using var table = Open(fit, who);
        try
        {
            return DesignBuilder.Build(FormulaParser.Parse(fit.Model.GetProperty("formula").GetString()!), table, new DesignOptions
            {
                Family = FamilyNames.ParseFamily(fit.Model.GetProperty("family").GetString()!),
                Link = fit.Shape.Link,
                Aggregate = !fit.Model.TryGetProperty("settings", out var s) || !s.TryGetProperty("aggregate", out var a) || a.GetBoolean(),
                LevelOrder = fit.LevelOrder,
            });
        }
        catch (UserInputException e)
        {
            throw new UserInputException($"{who} reads the fit's data ({table.Description}), and building its cells failed: {e.Message} Restore the data as it was when fitting, or refit.");
        }
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
