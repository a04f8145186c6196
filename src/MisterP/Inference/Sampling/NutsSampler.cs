using MisterP.Models;
using MisterP.Posterior;

namespace MisterP.Inference.Sampling;

/// <summary>
/// Runs NUTS chains in parallel, each on its own fork of the density with its own random stream, so the draws are
/// bit-identical whatever the thread count. Cancellation stops every chain at its next iteration.
/// </summary>
public static class NutsSampler
{
    public static SamplingResult Sample(
        ILogDensity density,
        SamplerOptions options,
        IProgress<ChainProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (options.Chains < 1 || options.Draws < 1 || options.Warmup < 0 || options.MaxTreeDepth < 1 ||
            options.TargetAccept is <= 0 or >= 1)
        {
            throw new ArgumentException("Invalid sampler options: chains and draws ≥ 1, warmup ≥ 0, max tree depth ≥ 1, 0 < target accept < 1.");
        }

        var outputs = new ChainOutput[options.Chains];
        var threads = options.Threads ?? Math.Min(Environment.ProcessorCount, options.Chains);
        var densities = Enumerable.Range(0, options.Chains).Select(c => c == 0 ? density : density.Fork()).ToArray();
        try
        {
            Parallel.For(0, options.Chains, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
                chain => outputs[chain] = ChainRunner.Run(densities[chain], options, chain, progress, cancellationToken));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var first = e.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }

        var names = density is IConstrainedOutputs co ? co.OutputNames : density.ParameterNames;
        var draws = new PosteriorDraws(names, outputs.Select(o => o.Outputs).ToList(), SamplerStatistics.Names, outputs.Select(o => o.Statistics).ToList(), options.Draws);
        return new SamplingResult
        {
            Draws = draws,
            Adaptation = outputs.Select((o, c) => new ChainAdaptation(c, o.StepSize, o.InverseMetricDiagonal) { WarmupIterations = o.WarmupIterations }).ToList(),
            WarmupTime = outputs.Max(o => o.Warmup),
            SamplingTime = outputs.Max(o => o.Sampling),
            GradientEvaluations = outputs.Sum(o => o.GradientEvaluations),
            SamplingLeapfrogSteps = outputs.Sum(o => o.SamplingLeapfrogs),
        };
    }
}
