using MisterP.Data;

namespace MisterP.Compare;

/// <summary>A group's unweighted sample mean and its number of respondents.</summary>
public sealed record RawEstimate(IReadOnlyList<string> Key, double Mean, double Count);

/// <summary>Raw (unweighted) sample means per group, computed in the engine (GROUP BY), never in a C# row loop.</summary>
public static class RawEstimates
{
    public static IReadOnlyList<RawEstimate> Compute(ITableSource sample, string outcome, IReadOnlyList<string> by) =>
        Compute(sample, by, outcome, $"CAST({Sql.Identifier(outcome)} AS DOUBLE)");

    /// <summary>Per group, the mean of <paramref name="expression"/> (SQL over the sample's columns) over rows with <paramref name="outcome"/> present.</summary>
    internal static IReadOnlyList<RawEstimate> Compute(ITableSource sample, IReadOnlyList<string> by, string outcome, string expression)
    {
        var missing = by.Append(outcome).Where(c => !sample.Schema.Any(s => s.Name == c)).ToList();
        if (missing.Count > 0)
        {
            throw new UserInputException(
                $"{sample.Description} has no column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; its columns are " +
                $"{string.Join(", ", sample.Schema.Select(s => s.Name))}.");
        }

        var required = by.Append(outcome).ToList();
        var sums = new[] { new AggregateSum("sum_y", expression) };
        var table = sample.LoadAggregated(by, sums, required).Table;
        var total = ((NumericColumn)table["sum_y"]).Values;
        var counts = table.RowsPerCell ?? throw new InvalidOperationException("Aggregated tables carry row counts.");
        var keys = by.Select(c => table[c] switch
        {
            TextColumn t => t.Values,
            NumericColumn n => LevelText.FormatAll(n.Values),
            _ => throw new InvalidOperationException("Unknown column type."),
        }).ToList();
        return Enumerable.Range(0, table.RowCount)
            .Select(i => new RawEstimate(keys.Select(k => k[i]).ToList(), total[i] / counts[i], counts[i]))
            .ToList();
    }
}
