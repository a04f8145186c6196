namespace MisterP.Inference.Adaptation;

/// <summary>
/// The rule of <c>--warmup auto</c>: adaptation has settled when two consecutive metric estimates, each from its own
/// window of at least <see cref="MinimumWindow"/> draws, agree to a root-mean-square log ratio of the variances below
/// <see cref="MetricTolerance"/>, and the dual-averaged step sizes learned over those windows agree within
/// <see cref="StepSizeTolerance"/> on the log scale. A variance estimated from n independent draws has a log-scale
/// standard deviation of about √(2/n), so two windows of ≥ 50 well-mixed draws pass at about 0.25 while a metric
/// still drifting from the initial values (ratios of 2 or more) does not.
/// </summary>
public static class WarmupSettling
{
    public const int MinimumWindow = 40;

    public const double MetricTolerance = 0.3;

    public const double StepSizeTolerance = 0.3;

    /// <summary>Fewest warmup iterations an automatic warmup runs (adaptation windows plus the final step-size window).</summary>
    public const int Floor = 200;

    /// <summary>Most warmup iterations an automatic warmup runs.</summary>
    public const int Ceiling = 1000;

    /// <summary>Root-mean-square of log(b_i / a_i) over the coordinates of two inverse-metric diagonals.</summary>
    public static double MetricDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var r = Math.Log(b[i] / a[i]);
            sum += r * r;
        }

        return a.Length == 0 ? 0 : Math.Sqrt(sum / a.Length);
    }

    public static bool Settled(ReadOnlySpan<double> previousMetric, ReadOnlySpan<double> metric, double previousStepSize, double stepSize) =>
        MetricDistance(previousMetric, metric) < MetricTolerance && Math.Abs(Math.Log(stepSize / previousStepSize)) < StepSizeTolerance;
}
