using MisterP.Data;

namespace MisterP.Poststrat;

/// <summary>
/// Compares a population frame with what a fit saw (issue 13): every model column present, factor levels both ways
/// with their likely counterparts, numeric predictors' range and coding, and the population share in cells without
/// respondents. All row work is SQL aggregation in the frame's engine, so frames of any size stream.
/// </summary>
public static class FrameChecker
{
    private const string PopulationColumn = "__mrp_population";

    public static FrameCheckResult Check(FitVariables fit, ITableSource frame, string weight)
    {
        var available = frame.Schema.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        if (!available.TryGetValue(weight, out var weightKind) || weightKind != ColumnKind.Numeric)
        {
            throw new UserInputException(
                $"The frame {frame.Description} has no numeric count column '{weight}'. Name the column holding each cell's population count with --weight.");
        }

        var missing = fit.RequiredColumns.Where(c => !available.ContainsKey(c)).ToList();
        var population = new[] { new AggregateSum(PopulationColumn, Sql.Identifier(weight)) };
        var newLevels = new List<LevelDifference>();
        var absent = new List<LevelDifference>();
        foreach (var variable in fit.Factors.Where(available.ContainsKey))
        {
            var counts = frame.LoadAggregated([variable], population, [variable, weight]).Table;
            var frameLevels = FitVariables.LevelTexts(counts[variable]);
            var people = ((NumericColumn)counts[PopulationColumn]).Values;
            Compare(variable, frameLevels, people, fit.FactorLevels[variable], newLevels, absent);
        }

        var numeric = fit.NumericValues is null ? [] : fit.NumericVariables
            .Where(v => available.TryGetValue(v, out var kind) && kind == ColumnKind.Numeric && fit.NumericValues.ContainsKey(v))
            .Select(v => NumericIssue(v, fit.NumericValues[v], frame.LoadAggregated([v], population, [v, weight]).Table))
            .OfType<NumericRangeIssue>().ToList();

        var total = ((NumericColumn)frame.LoadAggregated([], population, [weight]).Table[PopulationColumn]).Values is [var t] ? t : 0;
        double? empty = null;
        if (fit.SampleCells is { } cells && missing.Count == 0)
        {
            var factors = fit.Factors.ToList();
            var frameCells = frame.LoadAggregated(factors, population, [.. factors, weight]).Table;
            var people = ((NumericColumn)frameCells[PopulationColumn]).Values;
            empty = FitVariables.CellKeys(frameCells, factors).Select((key, i) => cells.Contains(key) ? 0 : people[i]).Sum();
        }

        return new FrameCheckResult(missing, newLevels, absent, numeric, total, empty);
    }

    private static void Compare(string variable, string[] frameLevels, double[] people, IReadOnlyList<string> fitLevels, List<LevelDifference> newLevels, List<LevelDifference> absent)
    {
        var fitSet = fitLevels.ToHashSet(StringComparer.Ordinal);
        var frameSet = frameLevels.ToHashSet(StringComparer.Ordinal);
        var frameOnly = frameLevels.Where(l => !fitSet.Contains(l)).ToList();
        var fitOnly = fitLevels.Where(l => !frameSet.Contains(l)).ToList();
        if (frameOnly.Count == 0 && fitOnly.Count == 0)
        {
            // The usual case: nothing to report, so no counterparts to look for (their search is mostly start-up JIT).
            return;
        }

        var coding = LevelMatcher.NumericCoding(frameLevels, fitLevels);
        string codingReason = coding is null ? string.Empty :
            $"numeric coding differs: the frame codes {variable} as {string.Join("/", coding.Keys)}, the fit as {string.Join("/", coding.Values)}";
        // Sure pairs (same letters) first, so a leftover pair such as HS / High school is matched among the rest.
        var sure = frameOnly.Select(l => (l, m: LevelMatcher.SameLetters(l, fitOnly, unpaired: true))).Where(x => x.m is not null).ToDictionary(x => x.l, x => x.m!, StringComparer.Ordinal);
        var fitLeft = fitOnly.Where(f => !sure.Values.Any(m => m.Level == f)).ToList();
        var frameLeft = frameOnly.Where(f => !sure.ContainsKey(f)).ToList();
        for (var i = 0; i < frameLevels.Length; i++)
        {
            if (fitSet.Contains(frameLevels[i]))
            {
                continue;
            }

            var match = coding is not null
                ? new LevelMatch(coding[frameLevels[i]], codingReason, Unpaired: !frameSet.Contains(coding[frameLevels[i]]))
                : sure.GetValueOrDefault(frameLevels[i]) ?? LevelMatcher.Closest(frameLevels[i], fitLeft, fitLevels);
            newLevels.Add(new LevelDifference(variable, frameLevels[i], LevelSide.FrameOnly, people[i], match));
        }

        var reverse = coding?.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        foreach (var level in fitOnly)
        {
            var match = reverse is not null && reverse.TryGetValue(level, out var f)
                ? new LevelMatch(f, codingReason, Unpaired: !fitSet.Contains(f))
                : LevelMatcher.SameLetters(level, frameOnly, unpaired: true) ?? LevelMatcher.Closest(level, frameLeft, frameLevels);
            absent.Add(new LevelDifference(variable, level, LevelSide.FitOnly, 0, match));
        }
    }

    /// <summary>
    /// Frame values outside the sample's range, or (when both sides have at most <see cref="FewValues"/> distinct
    /// values, i.e. a coded predictor) frame values the sample never had: a different coding, not an extrapolation.
    /// </summary>
    private static NumericRangeIssue? NumericIssue(string variable, double[] sample, DataTable frameValues)
    {
        var values = ((NumericColumn)frameValues[variable]).Values;
        var people = ((NumericColumn)frameValues[PopulationColumn]).Values;
        if (sample.Length == 0 || values.Length == 0)
        {
            return null;
        }

        var (lo, hi) = (sample.Min(), sample.Max());
        var seen = sample.ToHashSet();
        var coding = sample.Length <= FewValues && values.Length <= FewValues && values.Any(v => !seen.Contains(v));
        var outside = values.Select((v, i) => v < lo || v > hi || (coding && !seen.Contains(v)) ? people[i] : 0).Sum();
        return coding || values.Min() < lo || values.Max() > hi
            ? new NumericRangeIssue(variable, values.Min(), values.Max(), lo, hi, outside, coding)
            : null;
    }

    /// <summary>A numeric predictor with this few distinct sample values is a coding (0/1, ±0.5, 1–5), not a measurement.</summary>
    private const int FewValues = 5;
}
