namespace MisterP.Workflow;

/// <summary>Settings of <c>mrp demo</c>.</summary>
public sealed record DemoOptions
{
    /// <summary>Folder the demo writes (data, fits, estimates, comparison, report).</summary>
    public string OutputDirectory { get; init; } = "mrp-demo";

    public ulong Seed { get; init; } = 2026;

    public int Chains { get; init; } = 4;

    public int Warmup { get; init; } = 1000;

    public int Draws { get; init; } = 1000;

    public int? Threads { get; init; }
}

/// <summary>A demo stage finished (for a progress line on the console).</summary>
public sealed record DemoStep(string Description);
