using MisterP.Data;
using MisterP.Poststrat;

namespace MisterP.Interpretation;

/// <summary>
/// Encodes a run of units under every scenario with the fit's recipe and builds their linear predictors. Levels the
/// fit never saw are recorded; with draws they get fresh per-draw effects (seeded by term and level, so results
/// do not depend on chunking), with point estimates zero.
/// </summary>
internal sealed class ChunkPredictors
{
    private readonly InterpretationModel _model;
    private readonly IReadOnlyList<Scenario> _scenarios;
    private readonly IReadOnlyList<int> _terms;
    private readonly NewLevelEffects? _fresh;
    private readonly List<(string Term, string Level)> _newLevels = [];
    private readonly HashSet<(int, string)> _seen = [];

    public ChunkPredictors(InterpretationModel model, IReadOnlyList<Scenario> scenarios, IReadOnlyList<int> includedTerms, ulong seed)
    {
        _model = model;
        _scenarios = scenarios;
        _terms = includedTerms;
        _fresh = model.IsPointEstimate ? null : new NewLevelEffects(model.Parameters, seed);
    }

    /// <summary>Group levels met that the fit never saw, in first-seen order.</summary>
    public IReadOnlyList<(string Term, string Level)> NewLevels => _newLevels;

    public LinearPredictor[] For(DataTable units, int start, int count)
    {
        var chunk = Slice(units, start, count);
        return _scenarios.Select(scenario =>
        {
            var encoded = _model.Recipe.Encode(scenario.Apply(chunk));
            return new LinearPredictor(_model.Parameters, encoded, _terms, NewLevel);
        }).ToArray();
    }

    private double[]? NewLevel(int term, string level)
    {
        if (_seen.Add((term, level)))
        {
            _newLevels.Add((_model.Shape.GroupTerms[term].Name, level));
        }

        return _fresh?.For(term, level);
    }

    private static DataTable Slice(DataTable table, int start, int count)
    {
        if (start == 0 && count == table.RowCount)
        {
            return table;
        }

        var columns = table.Columns.Select<DataColumn, DataColumn>(c => c switch
        {
            NumericColumn n => new NumericColumn(n.Name, n.Values.AsSpan(start, count).ToArray()),
            TextColumn t => new TextColumn(t.Name, t.Values.AsSpan(start, count).ToArray()),
            _ => throw new InvalidOperationException("Unknown column type."),
        }).ToList();
        return new DataTable(columns, table.RowsPerCell?.AsSpan(start, count).ToArray());
    }
}
