namespace MisterP.Checking;

/// <summary>
/// One column's PSIS-LOO values, loo 2.5.1's <c>$pointwise</c> row plus its diagnostics: elpd_loo, mcse_elpd_loo,
/// p_loo, looic, influence_pareto_k, the r_eff used, psis_n_eff (<c>$diagnostics$n_eff</c>) and the tail length M.
/// </summary>
public sealed record LooPointwise(
    string Name,
    double Count,
    double ElpdLoo,
    double McseElpdLoo,
    double PLoo,
    double LooIc,
    double ParetoK,
    double RelativeEfficiency,
    double PsisEffectiveSize,
    int TailLength);
