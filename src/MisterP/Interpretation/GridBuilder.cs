using MisterP.Data;

namespace MisterP.Interpretation;

/// <summary>
/// The grid of Bambi's interpret (bambi/interpret/create_data.py): the main variable over 50 evenly spaced values of
/// its observed range (numeric) or its levels, each further variable at 5 quantiles (0, ¼, ½, ¾, 1; numeric) or its
/// levels, their Cartesian product (the first variable varying fastest), and every other column held at its mean
/// (numeric) or mode (categorical) — weighted, so cells give the same values as the rows they stand for.
/// </summary>
internal static class GridBuilder
{
    public const int MainPoints = 50;
    public const int GroupQuantiles = 5;
    private const int MaxRows = 1_000_000;

    public static DataTable Build(
        UnitTable units,
        Covariates covariates,
        IReadOnlyList<string> conditional,
        IReadOnlyDictionary<string, VariableValues> at,
        IReadOnlyList<string> columns,
        bool levelsForGroups)
    {
        var axes = conditional.Select((v, r) => AxisValues(units, covariates, v, r == 0, at.GetValueOrDefault(v))).ToList();
        var rows = axes.Aggregate(1L, (n, a) => n * a.Length);
        if (rows > MaxRows)
        {
            throw new UserInputException(
                $"The grid of {string.Join(" × ", conditional)} has {rows:N0} rows (over {MaxRows:N0}); condition on fewer variables or give fewer values with --at.");
        }

        var count = (int)rows;
        var result = new List<DataColumn>();
        foreach (var column in columns)
        {
            var source = units.Table[column];
            var r = conditional.ToList().IndexOf(column);
            CellValue[] values;
            if (r >= 0)
            {
                var stride = axes.Take(r).Aggregate(1, (n, a) => n * a.Length);
                var axis = axes[r];
                values = Enumerable.Range(0, count).Select(i => axis[i / stride % axis.Length]).ToArray();
            }
            else
            {
                var held = HeldValue(units, covariates, column, at.GetValueOrDefault(column), levelsForGroups);
                values = Enumerable.Repeat(held, count).ToArray();
            }

            result.Add(source is NumericColumn
                ? new NumericColumn(column, values.Select(v => v.Number).ToArray())
                : new TextColumn(column, values.Select(v => v.Text).ToArray()));
        }

        return new DataTable(result, null);
    }

    /// <summary>
    /// The value a column not on the grid is held at: its --at value, else its mean (numeric) or mode (categorical). A
    /// number that is also a grouping factor is held at its mode when <paramref name="asLevel"/> (its group effect counts, so
    /// it must be a level), else at its mean.
    /// </summary>
    public static CellValue HeldValue(UnitTable units, Covariates covariates, string column, VariableValues? given, bool asLevel = false)
    {
        var source = units.Table[column];
        if (given is not null)
        {
            if (given.Values.Count != 1)
            {
                throw new UserInputException(
                    $"--at {given.Variable}= gives {given.Values.Count} values, but '{given.Variable}' is not a --conditional variable, so it is held at one value. Give one value, or add it to --conditional.");
            }

            return CellValue.Parse(source, given.Values[0], "--at");
        }

        var kind = covariates.KindOf(column, source);
        if (kind == VariableKind.Numeric || (kind == VariableKind.Discrete && !asLevel))
        {
            return CellValue.OfNumber(units.Mean(column));
        }

        return CellValue.Of(source, units.ModeCell(column, Levels(units, covariates, column)));
    }

    /// <summary>The observed levels of a column, in the fit's order.</summary>
    public static IReadOnlyList<string> Levels(UnitTable units, Covariates covariates, string column)
    {
        var texts = units.Texts(column);
        var weighted = texts.Where((_, i) => units.Weights[i] > 0).ToList();
        return covariates.LevelsOf(column, weighted.Count > 0 ? weighted : texts);
    }

    /// <summary>One value per level present (the cell value, so numeric levels stay numbers), in level order.</summary>
    public static CellValue[] LevelValues(UnitTable units, Covariates covariates, string column)
    {
        var texts = units.Texts(column);
        return Levels(units, covariates, column).Select(level => CellValue.Of(units.Table[column], Array.IndexOf(texts, level))).ToArray();
    }

    private static CellValue[] AxisValues(UnitTable units, Covariates covariates, string variable, bool main, VariableValues? given)
    {
        var source = units.Table[variable];
        if (given is not null)
        {
            return given.Values.Select(v => CellValue.Parse(source, v, "--at")).DistinctBy(v => v.Text).ToArray();
        }

        if (covariates.KindOf(variable, source) != VariableKind.Numeric)
        {
            return LevelValues(units, covariates, variable);
        }

        if (main)
        {
            var (min, max) = units.Range(variable);
            if (min == max)
            {
                return [CellValue.OfNumber(min)];
            }

            // numpy.linspace: start + k·step, with the last point exactly the end.
            var step = (max - min) / (MainPoints - 1);
            return Enumerable.Range(0, MainPoints).Select(k => CellValue.OfNumber(k == MainPoints - 1 ? max : min + k * step)).ToArray();
        }

        return Enumerable.Range(0, GroupQuantiles)
            .Select(k => CellValue.OfNumber(units.Quantile(variable, k / (double)(GroupQuantiles - 1))))
            .DistinctBy(v => v.Number)
            .ToArray();
    }
}
