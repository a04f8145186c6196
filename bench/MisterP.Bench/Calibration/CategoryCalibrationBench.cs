using System.Globalization;
using MisterP.Families;
using MisterP.Numerics;

namespace MisterP.Bench.Calibration;

/// <summary>
/// Issue 17's calibration of the ordinal and unordered families: each replication draws every parameter from the
/// prior the fit then uses (set explicitly, so simulation and fit agree), simulates 600 rows in 15 groups with a
/// binary x1 and a three-valued x2, fits by NUTS through <see cref="SimulatedFit"/> and records each parameter's SBC
/// rank and 90% interval coverage (<see cref="RankCalibration"/>).
/// <list type="bullet">
/// <item><c>cumulative</c> (logit), 4 categories: thresholds c_k (centred predictors, brms's <c>Intercept</c> class)
/// normal(0, 2) each, ordered — the ordered product of independent normals is the law of sorted independent draws —
/// b normal(0, 1), sd_g exponential(1), r_g ~ N(0, sd²).</item>
/// <item><c>categorical</c>, categories A (reference), B, C: per non-reference category the centred intercept
/// normal(0, 2), b normal(0, 1), its own sd_g exponential(1) and effects.</item>
/// </list>
/// The priors sit on centred predictors as in the model, so b_Intercept = c_k + x̄·β (cumulative) or α − x̄·β (categorical).
/// </summary>
internal static class CategoryCalibrationBench
{
    private const int Rows = 600;
    private const int Groups = 15;
    private const string Formula = "y ~ x1 + x2 + (1 | g)";
    private static readonly string[] Priors = ["Intercept ~ normal(0, 2)", "b ~ normal(0, 1)", "sd ~ exponential(1)"];

    public static int Run(string family, int replications, ulong seed, string workFolder)
    {
        var simulate = family switch
        {
            "cumulative" => (Func<Xoshiro256, Covariates, Replication>)Cumulative,
            "categorical" => Categorical,
            _ => throw new ArgumentException($"Unknown family '{family}': use cumulative or categorical."),
        };
        var calibration = new RankCalibration();
        var health = new FitHealth();
        for (var r = 0; r < replications; r++)
        {
            // Each replication depends on its own seed alone, so any one can be rerun by itself.
            var replicationSeed = seed * 1000 + (ulong)r;
            var random = new Xoshiro256(replicationSeed);
            var replication = simulate(random, Covariates.Draw(random));
            var fit = SimulatedFit.TryRun(Path.Combine(workFolder, family), Formula, replication.Rows, SimulatedFit.Options(replicationSeed, replication.Family, Priors, replication.Levels), health);
            if (fit is null)
            {
                continue;
            }

            fit.Record(calibration, replication.Truth);
            health.Add(fit);
            Console.Error.WriteLine($"{family} replication {r + 1}/{replications}: {FitHealth.Line(fit)}");
        }

        Console.WriteLine($"Calibration of `{family}`: {replications} replications (seeds {seed * 1000}…{seed * 1000 + (ulong)replications - 1}), truth drawn from the fitted prior ({string.Join("; ", Priors)}), " +
                          $"{Rows} rows, {Groups} groups, formula {Formula}; NUTS 4 chains × (auto warmup ≤ 500 + 500), ranks among {RankCalibration.ThinnedDraws} thinned draws");
        Console.WriteLine(health);
        Console.WriteLine();
        calibration.Write(Console.Out);
        return 0;
    }

    private static Replication Cumulative(Xoshiro256 random, Covariates x)
    {
        const int categories = 4;
        var thresholds = Enumerable.Range(0, categories - 1).Select(_ => 2 * random.Normal()).Order().ToArray();
        var beta = new[] { random.Normal(), random.Normal() };
        var sd = random.Exponential();
        var effects = Enumerable.Range(0, Groups).Select(_ => sd * random.Normal()).ToArray();
        var rows = new List<string[]> { new[] { "y", "x1", "x2", "g" } };
        for (var i = 0; i < Rows; i++)
        {
            var eta = x.Centred(i, beta) + effects[x.Group[i]];
            var u = random.Uniform();
            var y = 1;
            while (y < categories && u > Logistic(thresholds[y - 1] - eta))
            {
                y++;
            }

            rows.Add(x.Row(i, y.ToString(CultureInfo.InvariantCulture)));
        }

        var shift = x.Mean(beta);
        var truth = thresholds.Select((c, k) => ("thresholds", $"b_Intercept[{k + 1}]", c + shift))
            .Append(("b", "b_x1", beta[0])).Append(("b", "b_x2", beta[1]))
            .Append(("sd", "sd_g__Intercept", sd))
            .Concat(Enumerable.Range(0, 3).Select(j => ("r (first 3 groups)", $"r_g[{Covariates.GroupName(j)},Intercept]", effects[j])))
            .ToList();
        var levels = new Dictionary<string, IReadOnlyList<string>> { ["y"] = ["1", "2", "3", "4"] };
        return new Replication(Family.Cumulative, rows, truth, levels);
    }

    private static Replication Categorical(Xoshiro256 random, Covariates x)
    {
        string[] categories = ["A", "B", "C"];
        var truth = new List<(string, string, double)>();
        var eta = new double[categories.Length][];
        eta[0] = new double[Rows];
        for (var c = 1; c < categories.Length; c++)
        {
            var mu = "mu" + categories[c];
            var intercept = 2 * random.Normal();
            var beta = new[] { random.Normal(), random.Normal() };
            var sd = random.Exponential();
            var effects = Enumerable.Range(0, Groups).Select(_ => sd * random.Normal()).ToArray();
            eta[c] = Enumerable.Range(0, Rows).Select(i => intercept + x.Centred(i, beta) + effects[x.Group[i]]).ToArray();
            truth.Add(("Intercept", $"b_{mu}_Intercept", intercept - x.Mean(beta)));
            truth.Add(("b", $"b_{mu}_x1", beta[0]));
            truth.Add(("b", $"b_{mu}_x2", beta[1]));
            truth.Add(("sd", $"sd_g__{mu}_Intercept", sd));
            truth.AddRange(Enumerable.Range(0, 3).Select(j => ("r (first 3 groups)", $"r_g__{mu}[{Covariates.GroupName(j)},Intercept]", effects[j])));
        }

        var rows = new List<string[]> { new[] { "y", "x1", "x2", "g" } };
        for (var i = 0; i < Rows; i++)
        {
            var max = eta.Max(e => e[i]);
            var weights = eta.Select(e => Math.Exp(e[i] - max)).ToArray();
            var u = random.Uniform() * weights.Sum();
            var k = 0;
            while (k < categories.Length - 1 && u > weights[k])
            {
                u -= weights[k];
                k++;
            }

            rows.Add(x.Row(i, categories[k]));
        }

        var levels = new Dictionary<string, IReadOnlyList<string>> { ["y"] = categories };
        return new Replication(Family.Categorical, rows, truth, levels);
    }

    private static double Logistic(double v) => 1 / (1 + Math.Exp(-v));

    private sealed record Replication(Family Family, List<string[]> Rows, List<(string Class, string Name, double Truth)> Truth, IReadOnlyDictionary<string, IReadOnlyList<string>> Levels);

    /// <summary>x1 ∈ {0, 1}, x2 ∈ {−1, 0, 1} at random, rows spread evenly over the groups; means over the rows, as the design centres them.</summary>
    private sealed class Covariates
    {
        private Covariates(double[] x1, double[] x2, int[] group)
        {
            X1 = x1;
            X2 = x2;
            Group = group;
            Means = [x1.Average(), x2.Average()];
        }

        public double[] X1 { get; }

        public double[] X2 { get; }

        public int[] Group { get; }

        public double[] Means { get; }

        public static Covariates Draw(Xoshiro256 random)
        {
            var x1 = Enumerable.Range(0, Rows).Select(_ => random.Uniform() < 0.5 ? 1.0 : 0.0).ToArray();
            var x2 = Enumerable.Range(0, Rows).Select(_ => Math.Floor(3 * random.Uniform()) - 1).ToArray();
            return new Covariates(x1, x2, Enumerable.Range(0, Rows).Select(i => i % Groups).ToArray());
        }

        public static string GroupName(int j) => $"g{j + 1:D2}";

        public double Centred(int i, double[] beta) => (X1[i] - Means[0]) * beta[0] + (X2[i] - Means[1]) * beta[1];

        public double Mean(double[] beta) => Means[0] * beta[0] + Means[1] * beta[1];

        public string[] Row(int i, string y) =>
            [y, X1[i].ToString(CultureInfo.InvariantCulture), X2[i].ToString(CultureInfo.InvariantCulture), GroupName(Group[i])];
    }
}
