using System.Globalization;

namespace MisterP.Bench.Calibration;

/// <summary>
/// The sampler's health over a calibration run: divergences, R̂ and bulk ESS of every replication's fit. Reported
/// beside the ranks because SBC judges the whole procedure, warts included: replications are never dropped.
/// </summary>
internal sealed class FitHealth
{
    private int _divergences;
    private int _divergentReplications;
    private int _rhatAbove;
    private double _minEss = double.PositiveInfinity;
    private int _refused;

    public void Add(SimulatedFit fit)
    {
        _divergences += fit.Divergences;
        _divergentReplications += fit.Divergences > 0 ? 1 : 0;
        _rhatAbove += fit.MaxRhat > 1.01 ? 1 : 0;
        _minEss = Math.Min(_minEss, fit.MinEssBulk);
    }

    /// <summary>
    /// A replication whose simulated data the fit refuses as bad input (e.g. an outcome that is constant in all rows,
    /// possible when the prior draws an extreme intercept). Skipping it conditions the prior on accepted data sets,
    /// a bias of the order of the refused share, so the count is reported.
    /// </summary>
    public void Refuse() => _refused++;

    public static string Line(SimulatedFit fit) =>
        string.Create(CultureInfo.InvariantCulture, $"divergences {fit.Divergences}, max R̂ {fit.MaxRhat:F3}, min bulk ESS {fit.MinEssBulk:F0}");

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"divergences {_divergences} in total, in {_divergentReplications} replications; replications with max R̂ > 1.01: {_rhatAbove}; lowest bulk ESS of any parameter in any replication {_minEss:F0}; replications refused by the fit as bad input (skipped): {_refused}");
}
