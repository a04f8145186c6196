using MisterP.Data;
using MisterP.Poststrat;

namespace MisterP.Frames;

/// <summary>
/// <c>mrp frame rake</c>: a synthetic joint per area by iterative proportional fitting of a seed joint to each area's
/// known margins (multilevel regression and synthetic post-stratification, Leemann &amp; Wasserfallen 2017). The seed
/// is one national joint for every area, or the joint's own rows of the area when it has the area column. MARGINS is
/// long: <c>BY,variable,level,total</c>, a two-way margin written <c>eth:age</c> with levels <c>White:18-29</c>.
/// </summary>
public static class FrameRaker
{
    private const char Separator = ':';

    public static RakedFrame Rake(ITableSource joint, ITableSource margins, RakeOptions options)
    {
        var seed = SeedJoint.Read(joint, options.By, options.Weight);
        var targets = AreaMargins.Read(margins, options.By);
        var areaColumn = new List<string>();
        var counts = new List<double>();
        var rows = new List<int>();
        var fits = new List<AreaFit>();
        foreach (var (area, specs) in targets)
        {
            var cells = seed.RowsOf(area, margins.Description);
            var constraints = specs.Select(s => Constraint(area, s, seed, cells, margins.Description)).ToList();
            CheckTotals(area, constraints, options.TotalsTolerance, margins.Description);
            var start = cells.Select(i => seed.Counts[i]).ToArray();
            var fit = ProportionalFitting.Fit(start, constraints, options.Tolerance, options.MaxIterations);
            if (fit.MaxRelativeError > options.Tolerance)
            {
                throw new UserInputException(
                    $"{margins.Description}: area '{area}' did not converge in {fit.Iterations} sweeps (largest relative margin error {fit.MaxRelativeError:G3} > {options.Tolerance:G3}). " +
                    "Its margins are probably inconsistent with each other (a two-way margin that disagrees with a one-way one); check them, or raise --max-iterations.");
            }

            fits.Add(new AreaFit(area, fit.Iterations, fit.MaxRelativeError, constraints[0].Targets.Sum()));
            areaColumn.AddRange(cells.Select(_ => area));
            counts.AddRange(fit.Cells);
            rows.AddRange(cells);
        }

        var columns = new List<DataColumn> { new TextColumn(options.By, [.. areaColumn]) };
        columns.AddRange(seed.Variables.Select(v => seed.Column(v, rows)));
        columns.Add(new NumericColumn(options.Weight, [.. counts]));
        return new RakedFrame(new DataTable(columns), fits);
    }

    private static MarginConstraint Constraint(string area, AreaMargins.Spec spec, SeedJoint seed, IReadOnlyList<int> cells, string description)
    {
        var variables = spec.Variable.Split(Separator);
        foreach (var v in variables.Where(v => !seed.Variables.Contains(v)))
        {
            throw new UserInputException(
                $"{description}: margin variable '{v}' (area '{area}') is not a column of the joint; its variables are {string.Join(", ", seed.Variables)}.");
        }

        var keys = cells.Select(i => string.Join(Separator, variables.Select(v => seed.Level(v, i)))).ToArray();
        var levels = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = levels.Select((l, k) => (l, k)).ToDictionary(x => x.l, x => x.k, StringComparer.Ordinal);
        var targets = new double[levels.Count];
        var given = new bool[levels.Count];
        foreach (var (level, total) in spec.Totals)
        {
            if (!index.TryGetValue(level, out var k))
            {
                var hint = LevelMatcher.Closest(level, [], levels) is { } m ? $" (did you mean '{m.Level}'?)" : string.Empty;
                throw new UserInputException(
                    $"{description}: area '{area}', margin {spec.Variable} has level '{level}', which the joint does not have{hint}. " +
                    $"The joint's levels: {string.Join(", ", levels.Take(30))}{(levels.Count > 30 ? ", …" : string.Empty)}. Recode one side so they agree.");
            }

            targets[k] = total;
            given[k] = true;
        }

        if (Array.IndexOf(given, false) is var missing and >= 0)
        {
            throw new UserInputException(
                $"{description}: area '{area}', margin {spec.Variable} gives no total for level '{levels[missing]}', which the joint has. Add it (with total 0 if nobody in the area has it).");
        }

        var constraint = new MarginConstraint(spec.Variable, levels, keys.Select(k => index[k]).ToArray(), targets);
        var seedSums = ProportionalFitting.Sums(cells.Select(i => seed.Counts[i]).ToArray(), constraint);
        for (var k = 0; k < levels.Count; k++)
        {
            if (targets[k] > 0 && seedSums[k] <= 0)
            {
                throw new UserInputException(
                    $"{description}: area '{area}', margin {spec.Variable} needs {targets[k]:G6} people at level '{levels[k]}', but every joint cell at that level is 0, " +
                    "and proportional fitting can only scale cells. Give the seed joint a positive count there (e.g. a small prior count), or check the margin.");
            }
        }

        return constraint;
    }

    private static void CheckTotals(string area, IReadOnlyList<MarginConstraint> constraints, double tolerance, string description)
    {
        var totals = constraints.Select(c => (c.Name, Total: c.Targets.Sum())).ToList();
        var (lo, hi) = (totals.Min(t => t.Total), totals.Max(t => t.Total));
        if (hi - lo > tolerance * hi)
        {
            throw new UserInputException(
                $"{description}: area '{area}' has margins with different totals ({string.Join(", ", totals.Select(t => $"{t.Name} {t.Total:G10}"))}); " +
                "every margin of an area must add up to the same population. Fix the margins (or drop the one that disagrees).");
        }
    }
}
