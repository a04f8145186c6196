using MisterP.Inference.Adaptation;

namespace MisterP.Inference;

/// <summary>Mass-matrix (metric) form adapted during warmup.</summary>
public enum MetricKind
{
    Diagonal,
    Dense,
}

/// <summary>NUTS settings (SPEC §2; defaults as Stan's).</summary>
public sealed record SamplerOptions
{
    public int Chains { get; init; } = 4;

    /// <summary>Warmup iterations per chain: exact, or the ceiling when <see cref="AutoWarmup"/> is set.</summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>
    /// End warmup once step size and metric have settled (<see cref="WarmupSettling"/>), after at least
    /// <see cref="WarmupSettling.Floor"/> and at most <see cref="Warmup"/> iterations.
    /// </summary>
    public bool AutoWarmup { get; init; }

    /// <summary>How warmup adapts step size and metric.</summary>
    public AdaptationKind Adaptation { get; init; } = AdaptationKind.Stan;

    public int Draws { get; init; } = 1000;

    public ulong Seed { get; init; } = 1;

    public double TargetAccept { get; init; } = 0.8;

    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>Threads running chains; null = one per chain up to the processor count. Never changes the draws.</summary>
    public int? Threads { get; init; }

    public MetricKind Metric { get; init; } = MetricKind.Diagonal;

    /// <summary>Initial values are uniform on (−r, r) on the unconstrained scale (Stan's default r = 2).</summary>
    public double InitRadius { get; init; } = 2;

    /// <summary>Optional initial position per chain (0-based chain index), overriding the random initialization.</summary>
    public Func<int, double[]>? InitialPosition { get; init; }
}

/// <summary>Progress of one chain (0-based <see cref="Chain"/>), reported about every 1% of its iterations.</summary>
public sealed record ChainProgress(int Chain, int Iteration, int TotalIterations, bool IsWarmup, int Divergences);

/// <summary>A chain's adapted step size and inverse metric diagonal, and the warmup iterations it ran.</summary>
public sealed record ChainAdaptation(int Chain, double StepSize, double[] InverseMetricDiagonal)
{
    public int WarmupIterations { get; init; }
}
