using MisterP.Posterior;

namespace MisterP.Inference;

/// <summary>What a NUTS run produced: the draws with sampler statistics, each chain's adaptation, timings and cost.</summary>
public sealed class SamplingResult
{
    public required PosteriorDraws Draws { get; init; }

    public required IReadOnlyList<ChainAdaptation> Adaptation { get; init; }

    /// <summary>Wall time of warmup (the slowest chain's, since chains run in parallel).</summary>
    public required TimeSpan WarmupTime { get; init; }

    public required TimeSpan SamplingTime { get; init; }

    /// <summary>Log-density gradient evaluations over all chains, warmup included.</summary>
    public required long GradientEvaluations { get; init; }

    /// <summary>Leapfrog steps in the sampling phase over all chains.</summary>
    public required long SamplingLeapfrogSteps { get; init; }
}
