using MisterP.Inference;
using MisterP.Poststrat;

namespace MisterP.Workflow;

/// <summary>A demo stage finished (for a progress line on the console).</summary>
public sealed record DemoStep(string Description);

/// <summary>Where the demo reports progress: finished stages, sampling per chain, post-stratification per chunk.</summary>
public sealed record DemoProgress(
    IProgress<DemoStep>? Steps = null,
    IProgress<ChainProgress>? Sampling = null,
    IProgress<PoststratProgress>? Poststrat = null);
