namespace MisterP.Posterior;

/// <summary>Posterior summary and convergence diagnostics of one quantity (columns as R's posterior package names them).</summary>
public sealed record ParameterSummary
{
    public required string Name { get; init; }

    public required double Mean { get; init; }

    public required double Median { get; init; }

    public required double Sd { get; init; }

    /// <summary>Median absolute deviation scaled by 1.4826 (R's mad).</summary>
    public required double Mad { get; init; }

    /// <summary>Lower end of the central <see cref="Interval"/>: the 5% quantile at the default 0.9.</summary>
    public required double Q5 { get; init; }

    /// <summary>Upper end of the central <see cref="Interval"/>: the 95% quantile at the default 0.9.</summary>
    public required double Q95 { get; init; }

    /// <summary>Probability of the central interval [<see cref="Q5"/>, <see cref="Q95"/>] (0.9 unless asked otherwise).</summary>
    public double Interval { get; init; } = 0.9;

    /// <summary>max(rank-normalized split R̂, folded rank-normalized split R̂).</summary>
    public required double Rhat { get; init; }

    /// <summary>Classic R̂ without splitting or rank normalization.</summary>
    public required double RhatRaw { get; init; }

    public required double EssBulk { get; init; }

    public required double EssTail { get; init; }

    /// <summary>Basic split ESS (used for the MCSE of the mean).</summary>
    public required double EssMean { get; init; }

    /// <summary>ESS of (x − x̄)² (posterior PR #388).</summary>
    public required double EssSd { get; init; }

    public required double EssMedian { get; init; }

    /// <summary>ESS without splitting.</summary>
    public required double EssRaw { get; init; }

    public required double McseMean { get; init; }

    public required double McseSd { get; init; }

    public required double McseMedian { get; init; }

    /// <summary>MCSE of <see cref="Q5"/>.</summary>
    public required double McseQ5 { get; init; }

    /// <summary>MCSE of <see cref="Q95"/>.</summary>
    public required double McseQ95 { get; init; }
}
