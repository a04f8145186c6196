using System.Globalization;
using System.Text;
using MisterP.Inference;
using MisterP.Numerics;
using MisterP.Posterior;
using MisterP.Workflow;

namespace MisterP.Tests.Interpretation;

/// <summary>A small simulated survey (x on a few values, factor g, grouping s) and tiny Laplace fits of it, for fast tests.</summary>
internal static class InterpretationSurvey
{
    public static readonly string[] States = ["s1", "s2", "s3", "s4", "s5"];

    /// <summary>Bernoulli rows y, x ∈ {−1, 0, 1, 2}, g ∈ {a, b, c}, s ∈ s1…s5.</summary>
    public static string Rows()
    {
        var random = new Xoshiro256(11);
        var text = new StringBuilder("y,x,g,s\n");
        var gEffect = new Dictionary<string, double> { ["a"] = 0, ["b"] = 0.6, ["c"] = -0.5 };
        for (var i = 0; i < 400; i++)
        {
            var x = (int)(random.Uniform() * 4) - 1;
            var g = "abc"[(int)(random.Uniform() * 3)].ToString();
            var s = States[(int)(random.Uniform() * States.Length)];
            var eta = -0.2 + 0.7 * x + gEffect[g] + 0.3 * (Array.IndexOf(States, s) - 2);
            var y = random.Uniform() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            text.Append(CultureInfo.InvariantCulture, $"{y},{x},{g},{s}\n");
        }

        return text.ToString();
    }

    /// <summary>The same rows as binomial cells: successes k of n per (x, g, s).</summary>
    public static string Cells(string rows)
    {
        var cells = rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(','))
            .GroupBy(f => (f[1], f[2], f[3]))
            .OrderBy(c => c.Key)
            .Select(c => $"{c.Count(f => f[0] == "1")},{c.Count()},{c.Key.Item1},{c.Key.Item2},{c.Key.Item3}");
        return "k,n,x,g,s\n" + string.Join("\n", cells) + "\n";
    }

    public static MrpFit Laplace(string path, string formula) =>
        Mrp.Fit(path, formula, new FitOptions { Method = FitMethod.Laplace, Sampler = new SamplerOptions { Chains = 1, Draws = 400, Seed = 3 } });

    /// <summary>Every draw of a parameter, chains concatenated.</summary>
    public static double[] Draws(PosteriorDraws draws, string name) =>
        draws.Parameter(draws.ParameterNames.ToList().IndexOf(name)).SelectMany(c => c).ToArray();

    public static double Logistic(double eta) => 1 / (1 + Math.Exp(-eta));
}
