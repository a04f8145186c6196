namespace MisterP.Checking;

/// <summary>log Σ exp(x), shifted by the maximum as matrixStats::logSumExp does.</summary>
internal static class LogSum
{
    public static double Exp(ReadOnlySpan<double> x)
    {
        var max = double.NegativeInfinity;
        foreach (var v in x)
        {
            max = Math.Max(max, v);
        }

        if (!double.IsFinite(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var v in x)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }
}
