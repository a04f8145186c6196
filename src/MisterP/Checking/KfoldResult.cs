namespace MisterP.Checking;

/// <summary>
/// One pointwise value of K-fold cross-validation: the held-out log predictive density of a column (a cell's
/// respondents with one outcome, or a cell), the fold that held it out, and the full fit's in-sample lpd of it.
/// </summary>
public sealed record KfoldPointwise(string Name, double Count, int Fold, double ElpdKfold, double Lpd)
{
    /// <summary>lpd − elpd_kfold, brms's pointwise p_kfold.</summary>
    public double PKfold => Lpd - ElpdKfold;

    /// <summary>−2·elpd_kfold.</summary>
    public double KfoldIc => -2 * ElpdKfold;
}

/// <summary>
/// K-fold cross-validation of one fit by refitting without each fold's groups, as brms's <c>kfold</c> reports it:
/// elpd_kfold, p_kfold = lpd of the full fit − elpd_kfold and kfoldic = −2·elpd_kfold, with √(N·var) standard errors
/// over respondents (loo's <c>table_of_estimates</c>).
/// </summary>
public sealed record KfoldResult(
    string Model,
    FoldAssignment Folds,
    IReadOnlyList<KfoldPointwise> Pointwise,
    Estimate ElpdKfold,
    Estimate PKfold,
    Estimate KfoldIc,
    string Unit,
    int DrawsPerFold,
    int Divergences,
    TimeSpan Elapsed)
{
    /// <summary>Totals from pointwise values (every column held out by exactly one fold).</summary>
    public static KfoldResult Summarize(string model, FoldAssignment folds, IReadOnlyList<KfoldPointwise> pointwise, string unit, int drawsPerFold, int divergences, TimeSpan elapsed)
    {
        var counts = pointwise.Select(p => p.Count).ToArray();
        return new KfoldResult(
            model,
            folds,
            pointwise,
            Estimate.Total(pointwise.Select(p => p.ElpdKfold).ToArray(), counts),
            Estimate.Total(pointwise.Select(p => p.PKfold).ToArray(), counts),
            Estimate.Total(pointwise.Select(p => p.KfoldIc).ToArray(), counts),
            unit,
            drawsPerFold,
            divergences,
            elapsed);
    }

    /// <summary>
    /// The pointwise elpd in a <see cref="LooResult"/>, so fits are lined up and compared as loo_compare compares kfold
    /// objects (elpd_diff and se_diff from the pointwise elpd); Pareto k and MCSE do not apply and are NaN.
    /// </summary>
    public LooResult AsComparable() => PsisLoo.Summarize(
        Pointwise.Select(p => new LooPointwise(p.Name, p.Count, p.ElpdKfold, double.NaN, p.PKfold, p.KfoldIc, double.NaN, double.NaN, double.NaN, 0)).ToList(),
        DrawsPerFold);
}
