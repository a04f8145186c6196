namespace MisterP.Checking;

/// <summary>PSIS-LOO of one model: loo 2.5.1's <c>$estimates</c>, <c>$pointwise</c> and diagnostics.</summary>
public sealed record LooResult(
    IReadOnlyList<LooPointwise> Pointwise,
    Estimate ElpdLoo,
    Estimate PLoo,
    Estimate LooIc,
    double? McseElpdLoo,
    ParetoKTable ParetoK,
    double ObservationCount,
    int DrawCount)
{
    /// <summary>How many observations each pointwise row stands for (1 each for a bare matrix).</summary>
    public IReadOnlyList<double> Counts => Pointwise.Select(p => p.Count).ToArray();
}
