namespace MisterP.Workflow;

/// <summary>Settings of <c>mrp demo</c>; sampler settings left null take the scenario's own (<see cref="IDemoScenario.Sampler"/>).</summary>
public sealed record DemoOptions
{
    /// <summary>Folder the demo writes (data, fits, estimates, comparisons).</summary>
    public string OutputDirectory { get; init; } = "mrp-demo";

    /// <summary>Seed of the simulation, the sampler and post-stratification.</summary>
    public ulong Seed { get; init; } = 2026;

    public int? Chains { get; init; }

    public int? Warmup { get; init; }

    public int? Draws { get; init; }

    public double? TargetAccept { get; init; }

    public int? Threads { get; init; }
}
