using System.Diagnostics;
using System.Globalization;
using MisterP.Design.Structured;
using MisterP.Models.Structured;
using MisterP.Priors;

namespace MisterP.Bench;

/// <summary>
/// Set-up and gradient cost of a structured prior against the number of areas, on random planar maps: a jittered
/// lattice of n points (row-major, ⌈√n⌉ columns) triangulated by its grid edges and one random diagonal per cell —
/// planar, connected, about 3n edges and degree ~6, like county contiguity — and an RW1 chain of the same length.
/// Set-up is building the graph and the scaled field (the Sørbye–Rue factor: sparse Cholesky and selected inverse
/// above 100 levels); its CPU-independent measure is the Cholesky envelope (entries stored). The gradient is one
/// Forward + Backward of the prior alone. Times are the fastest of several repeats (the machine may be loaded).
/// </summary>
internal static class StructuredGradientBench
{
    public static int Run(int[] sizes)
    {
        Console.WriteLine("levels,edges,components,factor_entries,entries_per_level,setup_ms,setup_ns_per_level_plus_edge,rw1_setup_ms,bym2_us,rw1_us,bym2_ns_per_level_plus_edge,scaling_factor");
        foreach (var n in sizes)
        {
            var graph = PlanarMap(n, 42);
            var size = n + graph.EdgeCount;
            var setupMs = Fastest(() => IntrinsicGmrf.Icar(PlanarMap(n, 42), IntrinsicGmrf.IslandRule.Zero));
            var rw1SetupMs = Fastest(() => IntrinsicGmrf.RandomWalk(n, 1));
            var field = IntrinsicGmrf.Icar(graph, IntrinsicGmrf.IslandRule.Zero);
            var bym2Us = Time(new Bym2Effect(field, PriorDistribution.Beta(1, 1)));
            var rw1Us = Time(new IntrinsicEffect(IntrinsicGmrf.RandomWalk(n, 1)));
            Console.WriteLine(string.Join(",", n, graph.EdgeCount, graph.ComponentCount, field.FactorEntries,
                F((double)field.FactorEntries / n, "F1"), F(setupMs, "F2"), F(setupMs * 1e6 / size, "F0"), F(rw1SetupMs, "F2"),
                F(bym2Us, "F2"), F(rw1Us, "F2"), F(bym2Us * 1000 / size, "F1"), F(field.ComponentScaling.Single(), "F6")));
        }

        return 0;
    }

    private static string F(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Fastest of 5 runs, in ms, after one warm-up.</summary>
    private static double Fastest(Func<object> build)
    {
        build();
        var best = double.MaxValue;
        for (var r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            GC.KeepAlive(build());
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return best;
    }

    /// <summary>µs per Forward + Backward: the fastest of 5 blocks of repeats.</summary>
    private static double Time(IStructuredEffect effect)
    {
        var random = new Random(1);
        var latent = Enumerable.Range(0, effect.LatentCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gLatent = new double[effect.LatentCount];
        var extra = new double[effect.ExtraCount];
        var gExtra = new double[effect.ExtraCount];
        var u = new double[effect.Levels];
        var gu = Enumerable.Range(0, effect.Levels).Select(i => Math.Sin(i)).ToArray();
        var dLogSigma = 0.0;
        var repeats = Math.Max(50, 400_000 / effect.Levels);
        for (var warm = 0; warm < 10; warm++)
        {
            effect.Forward(latent, extra, 0.7, [], u, gLatent, gExtra, ref dLogSigma);
            effect.Backward(gu, u, gLatent, gExtra);
        }

        var best = double.MaxValue;
        for (var block = 0; block < 5; block++)
        {
            var clock = Stopwatch.StartNew();
            for (var r = 0; r < repeats; r++)
            {
                effect.Forward(latent, extra, 0.7, [], u, gLatent, gExtra, ref dLogSigma);
                effect.Backward(gu, u, gLatent, gExtra);
            }

            best = Math.Min(best, clock.Elapsed.TotalMicroseconds / repeats);
        }

        return best;
    }

    /// <summary>
    /// n points on a ⌈√n⌉-column lattice, jittered, joined to their right and lower neighbours and across one random
    /// diagonal of each cell: a triangulation, so planar, connected, with about 3n edges.
    /// </summary>
    private static LevelGraph PlanarMap(int n, int seed)
    {
        var random = new Random(seed);
        var columns = (int)Math.Ceiling(Math.Sqrt(n));
        var edges = new List<(int, int)>();
        for (var i = 0; i < n; i++)
        {
            var (row, column) = (i / columns, i % columns);
            var right = column + 1 < columns && i + 1 < n ? i + 1 : -1;
            var below = i + columns < n ? i + columns : -1;
            var belowRight = right >= 0 && i + columns + 1 < n ? i + columns + 1 : -1;
            if (right >= 0)
            {
                edges.Add((i, right));
            }

            if (below >= 0)
            {
                edges.Add((i, below));
            }

            // One diagonal per full cell, its direction at random (a jittered point set triangulates either way).
            if (belowRight >= 0)
            {
                edges.Add(random.Next(2) == 0 ? (i, belowRight) : (right, below));
            }
        }

        // Relabel at random, as real area codes (alphabetical FIPS or names) carry no spatial order.
        var label = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        return new LevelGraph(n, edges.Select(e => (label[e.Item1], label[e.Item2])));
    }
}
