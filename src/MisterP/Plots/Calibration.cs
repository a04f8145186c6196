using MathNet.Numerics.Distributions;
using MisterP.Design;
using MisterP.Families;
using MisterP.Posterior;
using MisterP.Poststrat;

namespace MisterP.Plots;

/// <summary>One bin of a calibration check: its cells' trials, mean predicted and observed share, and the observed share's interval.</summary>
public sealed record CalibrationBin(int Bin, int Cells, double Trials, double Predicted, double Observed, double Lower, double Upper);

/// <summary>
/// Calibration of a binary/binomial fit: the fit's cells sorted by their posterior mean predicted probability and cut
/// into bins of (nearly) equal numbers of trials; per bin the trial-weighted mean prediction against the observed
/// share, with a Jeffreys interval for that share (Brown, Cai &amp; DasGupta 2001: better coverage than Wald at small n
/// and near 0 or 1). A cell is never split, so with aggregated data a bin holds whole cells and counts differ a little.
/// </summary>
public sealed class Calibration
{
    private Calibration(IReadOnlyList<CalibrationBin> bins, int draws, double interval)
    {
        Bins = bins;
        Draws = draws;
        Interval = interval;
    }

    /// <summary>Non-empty bins, lowest prediction first.</summary>
    public IReadOnlyList<CalibrationBin> Bins { get; }

    public int Draws { get; }

    public double Interval { get; }

    /// <summary>Bins whose mean prediction lies outside the observed share's interval.</summary>
    public int Outside => Bins.Count(b => b.Predicted < b.Lower || b.Predicted > b.Upper);

    public static Calibration Compute(ModelDesign design, PosteriorDraws draws, int bins = 10, double interval = 0.9)
    {
        DrawSummary.CheckInterval(interval);
        if (design.Family is not (Family.Binomial or Family.Bernoulli))
        {
            throw new UserInputException(
                $"The calibration plot is for binary or binomial outcomes; this fit's family is {design.Family.ToString().ToLowerInvariant()}. " +
                "Use mrp plot DIR ppc to check other outcomes.");
        }

        if (bins < 2)
        {
            throw new UserInputException($"--bins {bins} is too few; give at least 2 bins (10 is usual).");
        }

        var predicted = MeanPrediction(design, draws);
        var response = design.Response;
        var order = Enumerable.Range(0, design.CellCount).OrderBy(i => predicted[i]).ThenBy(i => i).ToArray();
        var total = order.Sum(i => response.Trials[i]);
        var cells = new int[bins];
        var trials = new double[bins];
        var successes = new double[bins];
        var weighted = new double[bins];
        var before = 0.0;
        foreach (var i in order)
        {
            var n = response.Trials[i];
            // A cell belongs to the bin holding the middle of its trials in the cumulative count.
            var bin = Math.Clamp((int)Math.Floor(bins * (before + n / 2) / total), 0, bins - 1);
            before += n;
            cells[bin]++;
            trials[bin] += n;
            successes[bin] += response.Y[i];
            weighted[bin] += n * predicted[i];
        }

        var result = new List<CalibrationBin>();
        for (var b = 0; b < bins; b++)
        {
            if (trials[b] <= 0)
            {
                continue;
            }

            var (lower, upper) = Jeffreys(successes[b], trials[b], interval);
            result.Add(new CalibrationBin(result.Count + 1, cells[b], trials[b], weighted[b] / trials[b], successes[b] / trials[b], lower, upper));
        }

        return new Calibration(result, draws.ChainCount * draws.DrawsPerChain, interval);
    }

    /// <summary>Jeffreys interval: Beta(y + ½, n − y + ½) quantiles, closed at 0 (y = 0) and 1 (y = n) as Brown et al. advise.</summary>
    public static (double Lower, double Upper) Jeffreys(double y, double n, double interval)
    {
        var tail = (1 - interval) / 2;
        var lower = y <= 0 ? 0 : Beta.InvCDF(y + 0.5, n - y + 0.5, tail);
        var upper = y >= n ? 1 : Beta.InvCDF(y + 0.5, n - y + 0.5, 1 - tail);
        return (lower, upper);
    }

    /// <summary>Each cell's posterior mean probability (the mean of the inverse-link predictor over all draws).</summary>
    private static double[] MeanPrediction(ModelDesign design, PosteriorDraws draws)
    {
        var shape = ModelShape.Of(design);
        var parameters = PosteriorParameters.From(shape, draws);
        var columns = DrawColumns.From(parameters);
        var predictor = CellPredictor.OverFitCells(design, shape, columns);
        var total = parameters.DrawCount;
        var means = new double[design.CellCount];
        Parallel.For(0, design.CellCount, () => new double[columns.Stride], (i, _, values) =>
        {
            predictor.Predict(i, 0, values, null);
            var sum = 0.0;
            for (var s = 0; s < total; s++)
            {
                sum += values[s];
            }

            means[i] = sum / total;
            return values;
        }, _ => { });
        return means;
    }
}
