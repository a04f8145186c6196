using System.Diagnostics;
using System.Globalization;
using MisterP.Design.Structured;
using MisterP.Models.Structured;
using MisterP.Priors;

namespace MisterP.Bench;

/// <summary>
/// Cost of one structured-prior gradient (Forward + Backward) against the number of areas, on random planar-like
/// graphs: n points uniform in the unit square, each joined to its 3 nearest neighbours to the right-or-below
/// (a sparse, mostly planar graph with about 3n edges, like county contiguity), and an RW1 chain of the same length.
/// Prints levels, edges, µs per gradient for bym2 and rw1, µs per (levels + edges), and the one-off setup time (the
/// dense scaling of each component).
/// </summary>
internal static class StructuredGradientBench
{
    public static int Run(int[] sizes)
    {
        Console.WriteLine("levels,edges,components,setup_s,bym2_us,rw1_us,bym2_ns_per_level_plus_edge");
        foreach (var n in sizes)
        {
            var graph = RandomGraph(n, 42);
            var setup = Stopwatch.StartNew();
            var bym2 = new Bym2Effect(IntrinsicGmrf.Icar(graph, IntrinsicGmrf.IslandRule.Zero), PriorDistribution.Beta(1, 1));
            var rw1 = new IntrinsicEffect(IntrinsicGmrf.RandomWalk(n, 1));
            var setupSeconds = setup.Elapsed.TotalSeconds;
            var bym2Us = Time(bym2);
            var rw1Us = Time(rw1);
            Console.WriteLine(string.Join(",", n, graph.EdgeCount, graph.ComponentCount, setupSeconds.ToString("F2", CultureInfo.InvariantCulture),
                bym2Us.ToString("F2", CultureInfo.InvariantCulture), rw1Us.ToString("F2", CultureInfo.InvariantCulture),
                (bym2Us * 1000 / (n + graph.EdgeCount)).ToString("F1", CultureInfo.InvariantCulture)));
        }

        return 0;
    }

    private static double Time(IStructuredEffect effect)
    {
        var random = new Random(1);
        var latent = Enumerable.Range(0, effect.LatentCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gLatent = new double[effect.LatentCount];
        var extra = new double[effect.ExtraCount];
        var gExtra = new double[effect.ExtraCount];
        var u = new double[effect.Levels];
        var gu = Enumerable.Range(0, effect.Levels).Select(i => Math.Sin(i)).ToArray();
        var repeats = Math.Max(50, 2_000_000 / effect.Levels);
        for (var warm = 0; warm < 10; warm++)
        {
            effect.Forward(latent, extra, 0.7, u, gLatent, gExtra);
            effect.Backward(gu, u, gLatent, gExtra);
        }

        var clock = Stopwatch.StartNew();
        for (var r = 0; r < repeats; r++)
        {
            effect.Forward(latent, extra, 0.7, u, gLatent, gExtra);
            effect.Backward(gu, u, gLatent, gExtra);
        }

        return clock.Elapsed.TotalMicroseconds / repeats;
    }

    private static LevelGraph RandomGraph(int n, int seed)
    {
        var random = new Random(seed);
        var points = Enumerable.Range(0, n).Select(_ => (X: random.NextDouble(), Y: random.NextDouble())).OrderBy(p => p.X).ToArray();
        var edges = new List<(int, int)>();
        var window = Math.Max(10, (int)Math.Sqrt(n) * 3);
        for (var i = 0; i < n; i++)
        {
            var nearest = Enumerable.Range(i + 1, Math.Min(window, n - i - 1))
                .OrderBy(j => Math.Pow(points[j].X - points[i].X, 2) + Math.Pow(points[j].Y - points[i].Y, 2))
                .Take(3);
            edges.AddRange(nearest.Select(j => (i, j)));
        }

        return new LevelGraph(n, edges);
    }
}
