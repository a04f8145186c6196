using MisterP.Data;
using MisterP.Design;

namespace MisterP.Poststrat;

/// <summary>
/// The fit's respondents per cell, for finite-population post-stratification: how many respondents share each
/// combination of the model's columns and the sum of their observed outcomes. Frame cells are matched to them on
/// those columns' values; every respondent cell must land on exactly one frame cell that counts at least as many
/// people as responded.
/// </summary>
public sealed class RespondentCells
{
    private readonly IReadOnlyList<string> _columns;
    private readonly Dictionary<string, int> _cells = new(StringComparer.Ordinal);
    private readonly List<(double Respondents, double Observed)> _totals = [];
    private readonly List<long> _frameRow = [];
    private readonly string _description;

    private RespondentCells(IReadOnlyList<string> columns, string description)
    {
        _columns = columns;
        _description = description;
    }

    /// <summary>Respondents in all cells.</summary>
    public double RespondentCount => _totals.Sum(t => t.Respondents);

    /// <summary>
    /// Respondent cells from a fit's cells (<see cref="DesignResult.Cells"/>) and their response: respondents =
    /// trials (rows for non-binomial families), observed outcome = successes or Σy. Cells with equal values of
    /// <paramref name="columns"/> are merged (a fit without aggregation has one cell per row).
    /// </summary>
    public static RespondentCells From(DataTable cells, ResponseData response, IReadOnlyList<string> columns, string description)
    {
        if (response.KnownSe is not null)
        {
            throw new UserInputException(
                "--finite-population needs each respondent's outcome; a fit with known standard errors (y | se(s)) models estimates, not respondents.");
        }

        var missing = columns.Where(c => !cells.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new UserInputException($"The fit's data {description} lacks column(s) {string.Join(", ", missing)} needed to match respondents to frame cells.");
        }

        var result = new RespondentCells(columns, description);
        var keys = result.Keys(cells);
        for (var i = 0; i < keys.Length; i++)
        {
            if (!result._cells.TryGetValue(keys[i], out var id))
            {
                id = result._totals.Count;
                result._cells[keys[i]] = id;
                result._totals.Add((0, 0));
                result._frameRow.Add(-1);
            }

            var (n, y) = result._totals[id];
            result._totals[id] = (n + response.Trials[i], y + response.Y[i]);
        }

        return result;
    }

    /// <summary>
    /// For each row of a frame chunk (rows <paramref name="firstRow"/> + 1 … in the frame), the population left to
    /// predict (N − respondents) and the respondents' observed total; errors when a cell has more respondents than
    /// people or two frame rows claim the same respondents.
    /// </summary>
    internal void Match(DataTable chunk, long firstRow, ReadOnlySpan<double> counts, double[] unobserved, double[] observed)
    {
        var keys = Keys(chunk);
        for (var i = 0; i < keys.Length; i++)
        {
            var row = firstRow + i + 1;
            if (!_cells.TryGetValue(keys[i], out var id))
            {
                unobserved[i] = counts[i];
                observed[i] = 0;
                continue;
            }

            if (_frameRow[id] >= 0)
            {
                throw new UserInputException(
                    $"Frame rows {_frameRow[id]} and {row} have the same values of the model's columns ({Describe(keys[i])}), so the " +
                    $"respondents of that cell cannot be split between them. Aggregate the frame to the model's columns ({string.Join(", ", _columns)}) first.");
            }

            _frameRow[id] = row;
            var (respondents, total) = _totals[id];
            if (respondents > counts[i])
            {
                throw new UserInputException(
                    $"Frame row {row} ({Describe(keys[i])}) counts {counts[i]} people but the fit has {respondents} respondents there; " +
                    "with --finite-population the frame counts must be whole populations that include the respondents.");
            }

            unobserved[i] = counts[i] - respondents;
            observed[i] = total;
        }
    }

    /// <summary>Every respondent must belong to some frame cell, or the population total would lose them.</summary>
    internal void RequireAllMatched(string frameDescription)
    {
        var unmatched = _cells.Where(c => _frameRow[c.Value] < 0).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        if (unmatched.Count == 0)
        {
            return;
        }

        var respondents = unmatched.Sum(k => _totals[_cells[k]].Respondents);
        throw new UserInputException(
            $"{respondents} respondent(s) of {_description} fall in {unmatched.Count} cell(s) that {frameDescription} lacks, e.g. {Describe(unmatched[0])}. " +
            "With --finite-population every respondent's cell must be in the frame: check that the frame covers the whole population and codes the model's columns as the data does.");
    }

    private string[] Keys(DataTable table)
    {
        var texts = _columns.Select(c => DesignRecipe.TextValues(table, c)).ToList();
        var keys = new string[table.RowCount];
        var parts = new string[texts.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            for (var k = 0; k < parts.Length; k++)
            {
                parts[k] = texts[k][i];
            }

            keys[i] = string.Join('\u001f', parts);
        }

        return keys;
    }

    private string Describe(string key) =>
        string.Join(", ", key.Split('\u001f').Select((v, k) => $"{_columns[k]}={v}"));
}
