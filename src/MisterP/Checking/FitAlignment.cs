using System.Globalization;
using MisterP.Data;
using MisterP.Design;

namespace MisterP.Checking;

/// <summary>
/// Lines several fits' pointwise values up on the same observations so they can be compared. Fits whose models use
/// different predictors have different cells; when one fit's cell columns include every other fit's, its cells are
/// the common refinement: each of its (cell, outcome) groups of respondents lies inside one (cell, outcome) group of
/// every other fit, whose pointwise value they share. Fits are refused when no fit's columns include the others', when
/// the respondents do not add up to the same groups (different data or rows), and, at <see cref="LooUnit.Cell"/>,
/// when the cells themselves differ.
/// </summary>
public static class FitAlignment
{
    public static IReadOnlyList<LooResult> Align(IReadOnlyList<(string Name, FitLoo Fit)> fits) =>
        Align(fits.Select(f => (f.Name, new PointwiseFit(f.Fit.Loo, f.Fit.Unit, f.Fit.Design, f.Fit.Columns))).ToList());

    /// <summary>
    /// The same for any per-respondent (or per-cell) values in a <see cref="LooResult"/>'s pointwise elpd, such as
    /// K-fold's held-out elpd (loo_compare compares kfold objects the same way).
    /// </summary>
    public static IReadOnlyList<LooResult> Align(IReadOnlyList<(string Name, PointwiseFit Fit)> fits)
    {
        var units = fits.Select(f => f.Fit.Unit).Distinct().ToList();
        if (units.Count > 1)
        {
            throw new UserInputException("The fits' LOO units differ; compare them at one --unit.");
        }

        var columnSets = fits.Select(f => CellColumns(f.Fit.Design.CellValues)).ToList();
        var fineIndex = Enumerable.Range(0, fits.Count).FirstOrDefault(i => columnSets.All(c => c.All(columnSets[i].Contains)), -1);
        if (fineIndex < 0)
        {
            throw new UserInputException(
                "No fit's cells refine the others' (" + string.Join("; ", fits.Select((f, i) => $"'{f.Name}': {string.Join(", ", columnSets[i])}")) +
                "), so their respondents cannot be matched without the data's rows. Compare fits whose predictors are nested " +
                "(one model's columns include every other's).");
        }

        var fine = fits[fineIndex];
        var result = new List<LooResult>();
        foreach (var (name, fit) in fits)
        {
            result.Add(ReferenceEquals(fit, fine.Fit) ? fit.Loo : Project(fine, (name, fit), columnSets[fits.Select(f => f.Fit).ToList().IndexOf(fit)]));
        }

        return result;
    }

    /// <summary>The coarse fit's pointwise values repeated over the fine fit's pointwise groups.</summary>
    private static LooResult Project((string Name, PointwiseFit Fit) fine, (string Name, PointwiseFit Fit) coarse, IReadOnlyList<string> coarseColumns)
    {
        if (fine.Fit.Unit == LooUnit.Cell && fine.Fit.Columns.Count != coarse.Fit.Columns.Count)
        {
            throw new UserInputException(
                $"At --unit cell a comparison needs the same cells, but '{fine.Name}' has {fine.Fit.Columns.Count} and '{coarse.Name}' has " +
                $"{coarse.Fit.Columns.Count}; compare at the respondent unit (the default) instead.");
        }

        var coarseCells = new Dictionary<string, int>(StringComparer.Ordinal);
        var coarseValues = coarse.Fit.Design.CellValues;
        for (var i = 0; i < coarseValues.RowCount; i++)
        {
            coarseCells[Key(coarseValues, coarseColumns, i)] = i;
        }

        var coarseColumn = coarse.Fit.Columns.Select((c, k) => (c, k)).ToDictionary(x => (x.c.Cell, x.c.Outcome), x => x.k);
        var covered = new double[coarse.Fit.Columns.Count];
        var fineValues = fine.Fit.Design.CellValues;
        var pointwise = new List<LooPointwise>(fine.Fit.Columns.Count);
        foreach (var column in fine.Fit.Columns)
        {
            if (!coarseCells.TryGetValue(Key(fineValues, coarseColumns, column.Cell), out var cell) ||
                !coarseColumn.TryGetValue((cell, column.Outcome), out var k))
            {
                throw Different(fine.Name, coarse.Name, $"'{fine.Name}' has respondents ({column.Name}) that '{coarse.Name}' does not");
            }

            covered[k] += column.Count;
            pointwise.Add(coarse.Fit.Loo.Pointwise[k] with { Name = column.Name, Count = column.Count });
        }

        for (var k = 0; k < covered.Length; k++)
        {
            if (Math.Abs(covered[k] - coarse.Fit.Columns[k].Count) > 1e-9 * Math.Max(1, covered[k]))
            {
                throw Different(fine.Name, coarse.Name,
                    $"'{coarse.Name}' {coarse.Fit.Columns[k].Name} holds {coarse.Fit.Columns[k].Count} respondents and the matching ones of '{fine.Name}' add up to {covered[k]}");
            }
        }

        return PsisLoo.Summarize(pointwise, coarse.Fit.Loo.DrawCount);
    }

    private static UserInputException Different(string a, string b, string detail) => new(
        $"'{a}' and '{b}' were not fitted to the same data ({detail}); models can only be compared on the same respondents.");

    /// <summary>The columns that define a fit's cells (internal helper columns excluded).</summary>
    private static List<string> CellColumns(DataTable table) =>
        table.Columns.Select(c => c.Name).Where(n => !n.StartsWith("__", StringComparison.Ordinal)).ToList();

    private static string Key(DataTable table, IReadOnlyList<string> columns, int row) =>
        string.Join("\u001f", columns.Select(c => table[c] switch
        {
            NumericColumn n => n.Values[row].ToString("R", CultureInfo.InvariantCulture),
            TextColumn t => t.Values[row],
            _ => string.Empty,
        }));
}

/// <summary>A fit's pointwise values (in a <see cref="LooResult"/>) with what each stands for, ready to be lined up.</summary>
public sealed record PointwiseFit(LooResult Loo, LooUnit Unit, DesignResult Design, IReadOnlyList<PointwiseColumn> Columns);
