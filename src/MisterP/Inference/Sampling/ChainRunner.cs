using System.Diagnostics;
using MisterP.Inference.Adaptation;
using MisterP.Inference.Hamiltonian;
using MisterP.Inference.Nuts;
using MisterP.Models;
using MisterP.Numerics;

namespace MisterP.Inference.Sampling;

/// <summary>Everything one chain produced.</summary>
internal sealed record ChainOutput(
    double[] Outputs,
    double[] Statistics,
    double StepSize,
    double[] InverseMetricDiagonal,
    int WarmupIterations,
    long GradientEvaluations,
    long SamplingLeapfrogs,
    TimeSpan Warmup,
    TimeSpan Sampling);

/// <summary>
/// Runs one chain: initialization, adaptation of step size and metric during warmup (<see cref="IWarmupAdaptation"/>:
/// Stan's windowed one or the draw-and-gradient one), then sampling with both fixed. Its random stream depends only
/// on (seed, chain).
/// </summary>
internal static class ChainRunner
{
    private const int InitAttempts = 100;

    public static ChainOutput Run(ILogDensity density, SamplerOptions options, int chain, IProgress<ChainProgress>? progress, CancellationToken cancellationToken)
    {
        var random = Xoshiro256.ForChain(options.Seed, chain);
        var n = density.Dimension;
        var hamiltonian = new Hamiltonian.Hamiltonian(density, new DiagonalMetric(Enumerable.Repeat(1.0, n).ToArray()));
        var z = Initialize(hamiltonian, options, chain, random);
        var transition = new NutsTransition(hamiltonian, random, options.MaxTreeDepth);
        var outputs = density as IConstrainedOutputs;
        var width = outputs?.OutputNames.Count ?? n;
        var statWidth = Posterior.SamplerStatistics.Names.Count;
        var draws = new double[options.Draws * width];
        var stats = new double[options.Draws * statWidth];
        var total = options.Warmup + options.Draws;
        var reportEvery = Math.Max(1, total / 100);
        var divergences = 0;

        var clock = Stopwatch.StartNew();
        IWarmupAdaptation adaptation = options.Adaptation == AdaptationKind.Fast
            ? new DrawGradientAdaptation(hamiltonian, z, random, options, options.AutoWarmup)
            : new StanWindowedAdaptation(hamiltonian, z, random, options, options.AutoWarmup);
        var epsilon = adaptation.StepSize;
        var warmup = 0;
        while (warmup < options.Warmup)
        {
            cancellationToken.ThrowIfCancellationRequested();
            transition.StepSize = adaptation.StepSize;
            var s = transition.Transition(z);
            divergences += s.Divergent ? 1 : 0;
            var done = adaptation.Learn(warmup, z, s);
            Report(progress, chain, warmup, total, reportEvery, true, divergences);
            warmup++;
            if (done)
            {
                break;
            }
        }

        if (warmup > 0)
        {
            epsilon = adaptation.FinalStepSize;
        }

        var warmupTime = clock.Elapsed;
        transition.StepSize = epsilon;
        divergences = 0;
        long leapfrogs = 0;
        for (var d = 0; d < options.Draws; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var s = transition.Transition(z);
            divergences += s.Divergent ? 1 : 0;
            leapfrogs += s.Leapfrogs;
            var row = draws.AsSpan(d * width, width);
            if (outputs is not null)
            {
                outputs.WriteOutputs(z.Position, row);
            }
            else
            {
                z.Position.CopyTo(row);
            }

            var st = stats.AsSpan(d * statWidth, statWidth);
            st[0] = z.LogDensity;
            st[1] = s.AcceptStat;
            st[2] = epsilon;
            st[3] = s.TreeDepth;
            st[4] = s.Leapfrogs;
            st[5] = s.Divergent ? 1 : 0;
            st[6] = s.Energy;
            Report(progress, chain, options.Warmup + d, total, reportEvery, false, divergences);
        }

        return new ChainOutput(draws, stats, epsilon, hamiltonian.Metric.InverseDiagonal, warmup, hamiltonian.GradientEvaluations, leapfrogs, warmupTime, clock.Elapsed - warmupTime);
    }

    /// <summary>Stan's initialization: uniform(−r, r) per coordinate, retried while log density or gradient is not finite.</summary>
    private static PhasePoint Initialize(Hamiltonian.Hamiltonian hamiltonian, SamplerOptions options, int chain, Xoshiro256 random)
    {
        var z = new PhasePoint(hamiltonian.Dimension);
        for (var attempt = 0; attempt < InitAttempts; attempt++)
        {
            if (options.InitialPosition is { } given && attempt == 0)
            {
                var position = given(chain);
                if (position.Length != z.Position.Length)
                {
                    throw new ArgumentException($"Initial position has {position.Length} values; the model has {z.Position.Length}.");
                }

                position.CopyTo(z.Position, 0);
            }
            else
            {
                for (var i = 0; i < z.Position.Length; i++)
                {
                    z.Position[i] = (2 * random.Uniform() - 1) * options.InitRadius;
                }
            }

            hamiltonian.Evaluate(z);
            if (double.IsFinite(z.LogDensity) && z.Gradient.All(double.IsFinite))
            {
                return z;
            }
        }

        throw new InvalidOperationException(
            $"Chain {chain + 1}: no initial value with a finite log density and gradient in {InitAttempts} attempts. Check the data for extreme values and the priors for impossible settings.");
    }

    private static void Report(IProgress<ChainProgress>? progress, int chain, int iteration, int total, int every, bool warmup, int divergences)
    {
        if (progress is not null && ((iteration + 1) % every == 0 || iteration + 1 == total))
        {
            progress.Report(new ChainProgress(chain, iteration + 1, total, warmup, divergences));
        }
    }
}
