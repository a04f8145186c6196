using System.Globalization;
using MisterP.Design.Structured;
using MisterP.Families;
using MisterP.Models.Structured;
using MisterP.Numerics;

namespace MisterP.Bench.Calibration;

/// <summary>
/// Issue 14's SBC of the structured priors: a bernoulli outcome, 600 rows, y ~ x1 + rw1(t) over 12 ordered levels or
/// y ~ x1 + bym2(area, adjacency = …) over a 5 × 5 rook lattice. Each replication draws the truth from the prior the
/// fit uses — centred intercept normal(0, 2), b normal(0, 1), σ exponential(1), for BYM2 ρ beta(1, 1) — and the
/// effects from the intrinsic prior itself, computed densely by <see cref="ScaledIcarDraw"/>: rw1 u = σφ, BYM2
/// u = σ(√ρ·φ + √(1 − ρ)·θ) with θ ~ N(0, I), φ the scaled sum-to-zero field. Ranks and coverage of the intercept,
/// b, σ, ρ and three effects go to <see cref="RankCalibration"/>.
/// </summary>
internal static class StructuredSbcBench
{
    private const int Rows = 600;
    private const int Side = 5;
    private const int WalkLevels = 12;

    public static int Run(string kind, int replications, ulong seed, string workFolder)
    {
        var folder = Path.Combine(workFolder, kind);
        Directory.CreateDirectory(folder);
        var spec = kind switch
        {
            "rw1" => Rw1(),
            "bym2" => Bym2(folder),
            _ => throw new ArgumentException($"Unknown structure '{kind}': use rw1 or bym2."),
        };
        var priors = new List<string> { "Intercept ~ normal(0, 2)", "b ~ normal(0, 1)", "sd ~ exponential(1)" };
        if (kind == "bym2")
        {
            priors.Add("rho_area ~ beta(1, 1)");
        }

        var calibration = new RankCalibration();
        var health = new FitHealth();
        for (var r = 0; r < replications; r++)
        {
            var replicationSeed = seed * 1000 + (ulong)r;
            var random = new Xoshiro256(replicationSeed);
            var (rows, truth) = Simulate(random, spec, kind == "bym2");
            var fit = SimulatedFit.TryRun(folder, spec.Formula, rows, SimulatedFit.Options(replicationSeed, Family.Bernoulli, priors), health);
            if (fit is null)
            {
                continue;
            }

            fit.Record(calibration, truth);
            health.Add(fit);
            Console.Error.WriteLine($"{kind} replication {r + 1}/{replications}: {FitHealth.Line(fit)}");
        }

        Console.WriteLine($"SBC of `{kind}`: {replications} replications (seeds {seed * 1000}…{seed * 1000 + (ulong)replications - 1}), truth drawn from the fitted prior ({string.Join("; ", priors)}), " +
                          string.Create(CultureInfo.InvariantCulture, $"{Rows} bernoulli rows, formula {spec.Formula.Replace(folder, "…", StringComparison.Ordinal)}, scaling factor of the graph {spec.Field.ScalingFactor:R} " +
                                             $"(dense, here; the library's sparse one: {LibraryScaling(kind):R}); ") +
                          $"NUTS 4 chains × (auto warmup ≤ 500 + 500), ranks among {RankCalibration.ThinnedDraws} thinned draws");
        Console.WriteLine(health);
        Console.WriteLine();
        calibration.Write(Console.Out);
        return 0;
    }

    /// <summary>The fit's own Sørbye–Rue factor of the same graph, printed beside the bench's dense one as a cross-check.</summary>
    private static double LibraryScaling(string kind) => kind == "rw1"
        ? IntrinsicGmrf.RandomWalk(WalkLevels, 1).ComponentScaling[0]
        : IntrinsicGmrf.Icar(new LevelGraph(Side * Side, ScaledIcarDraw.Lattice(Side, Side)), IntrinsicGmrf.IslandRule.Zero).ComponentScaling[0];

    private static Structure Rw1() => new(
        "y ~ x1 + rw1(t)",
        "t",
        Enumerable.Range(1, WalkLevels).Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray(),
        new ScaledIcarDraw(WalkLevels, ScaledIcarDraw.Lattice(1, WalkLevels)),
        [0, WalkLevels / 2 - 1, WalkLevels - 1]);

    /// <summary>The lattice's areas a01…a25 and their adjacency file (each edge in both directions, as the file format asks).</summary>
    private static Structure Bym2(string folder)
    {
        var edges = ScaledIcarDraw.Lattice(Side, Side).ToList();
        var names = Enumerable.Range(1, Side * Side).Select(i => $"a{i:D2}").ToArray();
        var adjacency = Path.Combine(folder, "lattice_adjacency.csv");
        File.WriteAllLines(adjacency, edges.SelectMany(e => new[] { $"{names[e.A]},{names[e.B]}", $"{names[e.B]},{names[e.A]}" }).Prepend("area,neighbor"));
        return new Structure($"y ~ x1 + bym2(area, adjacency = \"{adjacency}\")", "area", names, new ScaledIcarDraw(Side * Side, edges), [0, 2, Side * Side / 2]);
    }

    private static (List<string[]> Rows, List<(string Class, string Name, double Truth)> Truth) Simulate(Xoshiro256 random, Structure spec, bool bym2)
    {
        var levels = spec.Levels.Length;
        var intercept = 2 * random.Normal();
        var beta = random.Normal();
        var sd = random.Exponential();
        var rho = random.Uniform();
        var phi = spec.Field.Draw(random);
        var theta = Enumerable.Range(0, levels).Select(_ => random.Normal()).ToArray();
        var effects = Enumerable.Range(0, levels)
            .Select(j => bym2 ? sd * (Math.Sqrt(rho) * phi[j] + Math.Sqrt(1 - rho) * theta[j]) : sd * phi[j])
            .ToArray();
        var x1 = Enumerable.Range(0, Rows).Select(_ => random.Uniform() < 0.5 ? 1.0 : 0.0).ToArray();
        var mean = x1.Average();
        var rows = new List<string[]> { new[] { "y", "x1", spec.Column } };
        for (var i = 0; i < Rows; i++)
        {
            var level = i % levels;
            var eta = intercept + (x1[i] - mean) * beta + effects[level];
            var y = random.Uniform() < 1 / (1 + Math.Exp(-eta)) ? "1" : "0";
            rows.Add([y, x1[i].ToString(CultureInfo.InvariantCulture), spec.Levels[level]]);
        }

        var truth = new List<(string, string, double)>
        {
            ("Intercept", "b_Intercept", intercept - mean * beta),
            ("b", "b_x1", beta),
            ("sd", $"sd_{spec.Column}__Intercept", sd),
        };
        if (bym2)
        {
            truth.Add(("rho", $"rho_{spec.Column}", rho));
        }

        truth.AddRange(spec.Tracked.Select(j => ("r (3 levels)", $"r_{spec.Column}[{spec.Levels[j]},Intercept]", effects[j])));
        return (rows, truth);
    }

    private sealed record Structure(string Formula, string Column, string[] Levels, ScaledIcarDraw Field, int[] Tracked);
}
