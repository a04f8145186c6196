using MisterP.Data;
using MisterP.Design;

namespace MisterP.Poststrat;

/// <summary>
/// The fit's respondents per cell, for finite-population post-stratification: how many respondents share each
/// combination of the model's columns and what they answered — the sum of their observed outcomes (one value), or for
/// a categorical outcome how many of them gave each category (K values, <see cref="Width"/>). Frame cells are matched
/// to them on those columns' values; every respondent cell must land on exactly one frame cell that counts at least
/// as many people as responded.
/// </summary>
public sealed class RespondentCells
{
    private readonly IReadOnlyList<string> _columns;
    private readonly Dictionary<string, int> _cells = new(StringComparer.Ordinal);
    private readonly List<double> _respondents = [];
    private readonly List<double> _observed = [];
    private readonly List<long> _frameRow = [];
    private readonly string _description;

    private RespondentCells(IReadOnlyList<string> columns, string description, int width)
    {
        _columns = columns;
        _description = description;
        Width = width;
    }

    /// <summary>Respondents in all cells.</summary>
    public double RespondentCount => _respondents.Sum();

    /// <summary>Observed values per cell: 1 (the outcomes' sum) or K (respondents per category, in order).</summary>
    public int Width { get; }

    /// <summary>
    /// Respondent cells from a fit's cells (<see cref="DesignResult.Cells"/>) and their response: respondents =
    /// trials (rows for non-binomial families), observed outcome = successes or Σy; for a categorical outcome, each
    /// category's respondents (a weighted row, never aggregated, counts once, not its weight). Cells with equal values of
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

        var width = response.Categories?.Count ?? 1;
        var result = new RespondentCells(columns, description, width);
        var keys = result.Keys(cells);
        var answers = new double[width];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!result._cells.TryGetValue(keys[i], out var id))
            {
                id = result._respondents.Count;
                result._cells[keys[i]] = id;
                result._respondents.Add(0);
                result._observed.AddRange(answers.Select(_ => 0.0));
                result._frameRow.Add(-1);
            }

            var respondents = Answers(response, i, answers);
            result._respondents[id] += respondents;
            for (var c = 0; c < width; c++)
            {
                result._observed[id * width + c] += answers[c];
            }
        }

        return result;
    }

    /// <summary>Cell i's respondents, and in <paramref name="answers"/> their observed total or per-category counts.</summary>
    private static double Answers(ResponseData response, int i, double[] answers)
    {
        if (response.CategoryCounts is not { } counts)
        {
            answers[0] = response.Y[i];
            return response.Trials[i];
        }

        // Category counts carry the likelihood weight; a weighted row is one respondent, so undo it.
        var weight = response.Weights?[i] ?? 1;
        if (weight <= 0)
        {
            throw new UserInputException(
                $"Cell {i + 1} of the fit's data has weight {weight}, so its respondents' answers are not recorded; --finite-population needs every respondent's answer. Drop rows of weight 0 and refit.");
        }

        var total = 0.0;
        for (var c = 0; c < answers.Length; c++)
        {
            answers[c] = counts[i * answers.Length + c] / weight;
            total += answers[c];
        }

        return total;
    }

    /// <summary>
    /// For each row of a frame chunk (rows <paramref name="firstRow"/> + 1 … in the frame), the population left to
    /// predict (N − respondents) and the respondents' observed values, <see cref="Width"/> per row
    /// (<c>[row·Width + c]</c>); errors when a cell has more respondents than people or two frame rows claim the same
    /// respondents.
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
                observed.AsSpan(i * Width, Width).Clear();
                continue;
            }

            if (_frameRow[id] >= 0)
            {
                throw new UserInputException(
                    $"Frame rows {_frameRow[id]} and {row} have the same values of the model's columns ({Describe(keys[i])}), so the " +
                    $"respondents of that cell cannot be split between them. Aggregate the frame to the model's columns ({string.Join(", ", _columns)}) first.");
            }

            _frameRow[id] = row;
            var respondents = _respondents[id];
            if (respondents > counts[i])
            {
                throw new UserInputException(
                    $"Frame row {row} ({Describe(keys[i])}) counts {counts[i]} people but the fit has {respondents} respondents there; " +
                    "with --finite-population the frame counts must be whole populations that include the respondents.");
            }

            unobserved[i] = counts[i] - respondents;
            _observed.CopyTo(id * Width, observed, i * Width, Width);
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

        var respondents = unmatched.Sum(k => _respondents[_cells[k]]);
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
