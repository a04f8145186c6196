namespace MisterP.Checking;

/// <summary>A total over observations with its standard error √(N·var(pointwise)), loo's <c>table_of_estimates</c>.</summary>
public readonly record struct Estimate(double Value, double Se)
{
    /// <summary>
    /// Σ count·x and √(N·var) where var is the sample variance (denominator N − 1) of the values repeated by their
    /// counts and N = Σ counts; with unit counts this is loo's formula exactly.
    /// </summary>
    public static Estimate Total(IReadOnlyList<double> values, IReadOnlyList<double> counts)
    {
        var n = 0.0;
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            n += counts[i];
            sum += counts[i] * values[i];
        }

        var mean = sum / n;
        var ss = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            var d = values[i] - mean;
            ss += counts[i] * d * d;
        }

        return new Estimate(sum, Math.Sqrt(n * (ss / (n - 1))));
    }
}
