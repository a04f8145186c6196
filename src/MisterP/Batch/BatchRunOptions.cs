namespace MisterP.Batch;

/// <summary>How <see cref="BatchRunner"/> runs a manifest's jobs.</summary>
public sealed record BatchRunOptions
{
    /// <summary>Fits at once; null = one per core (at most the number of jobs).</summary>
    public int? Jobs { get; init; }

    /// <summary>Cores to share: fits × threads per fit stays within this (default: the processor count).</summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>Redo every job, even those unchanged since they finished.</summary>
    public bool Force { get; init; }

    public BatchShard Shard { get; init; } = BatchShard.All;

    /// <summary>Refit once, with twice the warmup and draws, a job that misses R̂ ≤ 1.01 or ESS ≥ 400.</summary>
    public bool RetryUnconverged { get; init; }
}

/// <summary>Progress of a batch: jobs finished, failed, skipped as unchanged and left, with an estimate of the time left.</summary>
public sealed record BatchProgress(int Done, int Failed, int Skipped, int Remaining, TimeSpan? TimeLeft);
