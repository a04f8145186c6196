namespace MisterP.Posterior;

/// <summary>Per-draw sampler statistics, named as Stan writes them.</summary>
public static class SamplerStatistics
{
    public static readonly IReadOnlyList<string> Names =
        ["lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"];
}

/// <summary>
/// Posterior draws: chains × draws × quantities, stored flat per chain (<c>[draw * Count + k]</c>), with the
/// sampler statistics kept apart. Sampler statistics may be a subset of <see cref="SamplerStatistics.Names"/>
/// (e.g. CmdStan files without energy__).
/// </summary>
public sealed class PosteriorDraws
{
    public PosteriorDraws(
        IReadOnlyList<string> parameterNames,
        IReadOnlyList<double[]> parameterValues,
        IReadOnlyList<string> statisticNames,
        IReadOnlyList<double[]> statisticValues,
        int drawsPerChain)
    {
        if (parameterValues.Count != statisticValues.Count)
        {
            throw new ArgumentException("Parameter and statistic arrays must have one entry per chain.");
        }

        ParameterNames = parameterNames;
        StatisticNames = statisticNames;
        DrawsPerChain = drawsPerChain;
        for (var c = 0; c < parameterValues.Count; c++)
        {
            if (parameterValues[c].Length != drawsPerChain * parameterNames.Count ||
                statisticValues[c].Length != drawsPerChain * statisticNames.Count)
            {
                throw new ArgumentException($"Chain {c + 1} has arrays of the wrong length.");
            }
        }

        _parameters = parameterValues;
        _statistics = statisticValues;
    }

    private readonly IReadOnlyList<double[]> _parameters;
    private readonly IReadOnlyList<double[]> _statistics;

    public IReadOnlyList<string> ParameterNames { get; }

    public IReadOnlyList<string> StatisticNames { get; }

    public int ChainCount => _parameters.Count;

    public int DrawsPerChain { get; }

    /// <summary>Chain <paramref name="chain"/>'s parameter draws, row-major: <c>[draw * ParameterNames.Count + k]</c>.</summary>
    public ReadOnlySpan<double> ChainParameters(int chain) => _parameters[chain];

    /// <summary>Chain <paramref name="chain"/>'s sampler statistics, row-major: <c>[draw * StatisticNames.Count + k]</c>.</summary>
    public ReadOnlySpan<double> ChainStatistics(int chain) => _statistics[chain];

    /// <summary>Draws of one parameter (by index) as a chains × draws array.</summary>
    public double[][] Parameter(int index)
    {
        var p = ParameterNames.Count;
        var result = new double[ChainCount][];
        for (var c = 0; c < ChainCount; c++)
        {
            var src = _parameters[c];
            var dst = result[c] = new double[DrawsPerChain];
            for (var d = 0; d < DrawsPerChain; d++)
            {
                dst[d] = src[d * p + index];
            }
        }

        return result;
    }

    /// <summary>Draws of one sampler statistic (by name) as chains × draws, or null when absent.</summary>
    public double[][]? Statistic(string name)
    {
        var index = StatisticNames.ToList().IndexOf(name);
        if (index < 0)
        {
            return null;
        }

        var s = StatisticNames.Count;
        var result = new double[ChainCount][];
        for (var c = 0; c < ChainCount; c++)
        {
            var src = _statistics[c];
            var dst = result[c] = new double[DrawsPerChain];
            for (var d = 0; d < DrawsPerChain; d++)
            {
                dst[d] = src[d * s + index];
            }
        }

        return result;
    }
}
