using MisterP.Posterior;

namespace MisterP.Plots;

/// <summary>Posterior mean and central interval of one quantity over all chains' draws (R's type-7 quantiles).</summary>
internal readonly record struct DrawSummary(double Mean, double Lower, double Upper)
{
    public static DrawSummary Of(double[] values, double interval)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new DrawSummary(double.NaN, double.NaN, double.NaN);
        }

        var tail = (1 - interval) / 2;
        return new DrawSummary(sorted.Average(), ConvergenceMath.Quantile(sorted, tail), ConvergenceMath.Quantile(sorted, 1 - tail));
    }

    /// <summary>Summary of parameter <paramref name="index"/> of <paramref name="draws"/>, chains pooled.</summary>
    public static DrawSummary Of(PosteriorDraws draws, int index, double interval) =>
        Of(draws.Parameter(index).SelectMany(c => c).ToArray(), interval);

    /// <summary>Checks an interval level given by a user (--interval).</summary>
    public static void CheckInterval(double interval)
    {
        if (interval is not (> 0 and < 1))
        {
            throw new UserInputException($"--interval must lie strictly between 0 and 1, e.g. 0.9 (got {interval}).");
        }
    }
}
