using MisterP.Data;

namespace MisterP.Compare;

/// <summary>
/// A sample's survey weights (design weights, or raked to a frame's margins by <see cref="Raking.Weigh"/>) over its
/// complete rows, with the groups of one grouping set: any per-row value's weighted (Hájek) mean per group follows
/// from them with its linearized standard error. The weights do not depend on the outcome, so one set serves every
/// quantity of an ordinal comparison.
/// </summary>
public sealed class SurveyWeights
{
    private readonly ITableSource _sample;
    private readonly IReadOnlyList<string> _required;
    private readonly double[] _weights;
    private readonly (double[] X, int K)? _design;
    private readonly IReadOnlyList<(IReadOnlyList<string> Key, int[] Members)> _groups;

    internal SurveyWeights(
        ITableSource sample,
        DataTable table,
        IReadOnlyList<string> required,
        double[] weights,
        (double[] X, int K)? design,
        IReadOnlyList<(IReadOnlyList<string> Key, int[] Members)> groups,
        int iterations,
        bool converged,
        IReadOnlyList<string> warnings)
    {
        _sample = sample;
        Table = table;
        _required = required;
        _weights = weights;
        _design = design;
        _groups = groups;
        Iterations = iterations;
        Converged = converged;
        Warnings = warnings;
    }

    /// <summary>Raking iterations (0 without raking variables).</summary>
    public int Iterations { get; }

    public bool Converged { get; }

    /// <summary>What happened on the way (empty margins, no convergence), for the caller to show.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The weight of each row, in the order of the sample's complete rows.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The rows weighted: the sample's columns used (outcome, groups, raking variables, weights), complete rows only.</summary>
    internal DataTable Table { get; }

    /// <summary>Per group the weighted mean of an SQL expression over the sample's columns (evaluated on the weighted rows).</summary>
    public IReadOnlyList<BaselineEstimate> Estimate(string sqlExpression)
    {
        var y = _sample.EvaluatePerRow(sqlExpression, _required);
        if (y.Length != _weights.Length)
        {
            throw new InvalidOperationException($"The expression gave {y.Length} values for {_weights.Length} weighted rows.");
        }

        if (Array.FindIndex(y, v => !double.IsFinite(v)) is var bad and >= 0)
        {
            throw new UserInputException($"{_sample.Description}: the value estimated is missing or not finite on complete row {bad + 1} ({sqlExpression}).");
        }

        return Estimate(y);
    }

    /// <summary>Per group the weighted (Hájek) mean of <paramref name="y"/>, one value per weighted row, with its linearized standard error.</summary>
    public IReadOnlyList<BaselineEstimate> Estimate(double[] y) => y.Length == _weights.Length
        ? Raking.HajekMeans(y, _weights, _design, _groups)
        : throw new ArgumentException($"{y.Length} values for {_weights.Length} weighted rows.", nameof(y));
}
