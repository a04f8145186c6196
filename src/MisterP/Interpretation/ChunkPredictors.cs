using MisterP.Data;
using MisterP.Poststrat;

namespace MisterP.Interpretation;

/// <summary>
/// Encodes a run of units under every scenario with the fit's recipe and builds their linear predictors. Levels the
/// fit never saw are recorded; with draws they get fresh per-draw effects (seeded by term and level, so results
/// do not depend on chunking), with point estimates zero. A fit with several linear predictors (one per non-reference
/// category) gets one per scenario and predictor, each predictor's new levels drawn independently as in
/// <see cref="Poststrat.CategoryPoststratifier"/>.
/// </summary>
internal sealed class ChunkPredictors
{
    private readonly InterpretationModel _model;
    private readonly IReadOnlyList<Scenario> _scenarios;
    private readonly IReadOnlyList<int> _terms;
    private readonly NewLevelEffects[]? _fresh;
    private readonly List<(string Term, string Level)> _newLevels = [];
    private readonly HashSet<(int, string)> _seen = [];

    public ChunkPredictors(InterpretationModel model, IReadOnlyList<Scenario> scenarios, IReadOnlyList<int> includedTerms, ulong seed)
    {
        _model = model;
        _scenarios = scenarios;
        _terms = includedTerms;
        _fresh = model.IsPointEstimate
            ? null
            : model.Predictors.Select((parameters, p) => new NewLevelEffects(parameters, p == 0 ? seed : seed ^ ((ulong)(p + 1) * 0x9E3779B97F4A7C15UL))).ToArray();
    }

    /// <summary>Linear predictors per unit (J): <see cref="For"/> returns them scenario-major, <c>[scenario·J + p]</c>.</summary>
    public int PredictorCount => _model.Predictors.Count;

    /// <summary>Group levels met that the fit never saw, in first-seen order.</summary>
    public IReadOnlyList<(string Term, string Level)> NewLevels => _newLevels;

    public LinearPredictor[] For(DataTable units, int start, int count)
    {
        var chunk = Slice(units, start, count);
        return _scenarios.SelectMany(scenario =>
        {
            var encoded = _model.Recipe.Encode(scenario.Apply(chunk));
            return _model.Predictors.Select((parameters, p) => new LinearPredictor(parameters, encoded, _terms, (term, level) => NewLevel(p, term, level)));
        }).ToArray();
    }

    private double[]? NewLevel(int predictor, int term, string level)
    {
        if (_seen.Add((term, level)))
        {
            _newLevels.Add((_model.Shape.GroupTerms[term].Name, level));
        }

        return _fresh?[predictor].For(term, level);
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
