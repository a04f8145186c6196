using MisterP.Design;
using MisterP.Families;
using MisterP.Output;
using MisterP.Plots;

namespace MisterP.Workflow;

/// <summary>
/// The data of <c>mrp plot estimates --over month</c>: the post-stratified series from EST.csv, raw means with their n
/// from the cells the fit folder stores (as <c>plot ppc</c> reads them, so the data source is never re-run), and the
/// truth from <c>--truth FILE --truth-column c</c>.
/// </summary>
public static class FitSeries
{
    public static TimeSeries Load(SavedFit fit, PlotOptions options)
    {
        var over = options.Over ?? throw new ArgumentException("A series needs PlotOptions.Over.", nameof(options));
        var estimates = options.EstimatesPath ?? throw new UserInputException(
            $"The estimates plot over {over} needs --estimates EST.csv from mrp poststrat --by {over}.");
        var by = string.IsNullOrWhiteSpace(options.By) ? null : options.By.Trim();
        if (by is not null && by.Contains(',', StringComparison.Ordinal))
        {
            throw new UserInputException($"--by {by}: a series over {over} is split by one factor (one panel per level), e.g. --by plan.");
        }

        return TimeSeries.Load(estimates, over, by, RawMeans(fit, over, by), Truth(options, over, by));
    }

    /// <summary>Mean outcome (per trial for binomial fits, per row otherwise) and n per time point (and facet), or null when the fit's cells lack a column.</summary>
    private static Dictionary<string, (double Mean, double Count)>? RawMeans(SavedFit fit, string over, string? by)
    {
        var columns = by is null ? new[] { over } : [over, by];
        if (!columns.All(c => fit.Recipe.RequiredColumns.Contains(c, StringComparer.Ordinal)))
        {
            return null;
        }

        var design = FitData.Load(fit, "The raw means of the series plot");
        if (!columns.All(design.CellValues.Contains))
        {
            return null;
        }

        var response = design.Design.Response;
        var perTrial = design.Design.Family is Family.Bernoulli or Family.Binomial;
        var units = perTrial ? response.Trials : response.RowsPerCell;
        var overValues = DesignRecipe.TextValues(design.CellValues, over);
        var byValues = by is null ? null : DesignRecipe.TextValues(design.CellValues, by);
        var sums = new Dictionary<string, (double Y, double N)>(StringComparer.Ordinal);
        for (var i = 0; i < design.Design.CellCount; i++)
        {
            var key = TimeSeries.Key(overValues[i], byValues?[i]);
            var (y, n) = sums.GetValueOrDefault(key);
            sums[key] = (y + response.Y[i], n + units[i]);
        }

        return sums.ToDictionary(s => s.Key, s => (s.Value.N > 0 ? s.Value.Y / s.Value.N : double.NaN, s.Value.N), StringComparer.Ordinal);
    }

    private static Dictionary<string, double>? Truth(PlotOptions options, string over, string? by)
    {
        if (options.TruthPath is not { } path)
        {
            return options.TruthColumn is null ? null : throw new UserInputException("--truth-column names a column of --truth FILE; give the file too.");
        }

        var column = options.TruthColumn ?? "truth";
        var table = CsvTable.Read(path, "truth file");
        var keys = by is null ? new[] { over } : [over, by];
        table.Require([.. keys, column], $"a truth file with column(s) {string.Join(", ", keys)} and the truth in '{column}' (--truth-column)");
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var key = TimeSeries.Key(row.Fields[table.IndexOf(over)], by is null ? null : row.Fields[table.IndexOf(by)]);
            if (!result.TryAdd(key, table.Number(row, column)))
            {
                throw new UserInputException($"{path} line {row.Line}: a second truth for {string.Join(" · ", keys.Select(k => row.Fields[table.IndexOf(k)]))}; give one row per {string.Join(" × ", keys)}.");
            }
        }

        return result;
    }
}
