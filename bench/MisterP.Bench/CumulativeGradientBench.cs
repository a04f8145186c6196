using System.Diagnostics;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;
using MisterP.Models;
using MisterP.Priors;

namespace MisterP.Bench;

/// <summary>
/// Cost of one log-density gradient of the ordinal reference model (cumulative logit over the ordinal set's cells),
/// information-scaled as `mrp fit` samples it, at a point drawn near the prior's centre.
/// </summary>
internal static class CumulativeGradientBench
{
    public const string Formula = "rating ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|age) + (1|male:eth) + (1|educ:age)";

    public static int Run(string shared, int evaluations)
    {
        using var source = TableSources.Open(Path.Combine(shared, "data/ordinal/sample.csv"));
        var design = DesignBuilder.Build(FormulaParser.Parse(Formula), source, new DesignOptions { Family = Family.Cumulative }).Design;
        var model = new CumulativeModel(design, DefaultPriors.Build(design, [])).WithEffectScaling(EffectScaling.FromData(design));
        var x = new double[model.Dimension];
        var g = new double[model.Dimension];
        var random = new Random(1);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = 0.3 * (random.NextDouble() - 0.5);
        }

        for (var i = 0; i < Math.Min(2000, evaluations); i++)
        {
            model.LogDensityGradient(x, g);
        }

        var cpuBefore = Process.GetCurrentProcess().UserProcessorTime;
        var timer = Stopwatch.StartNew();
        for (var i = 0; i < evaluations; i++)
        {
            model.LogDensityGradient(x, g);
        }

        var wall = timer.Elapsed.TotalMicroseconds / evaluations;
        var cpu = (Process.GetCurrentProcess().UserProcessorTime - cpuBefore).TotalMicroseconds / evaluations;
        Console.WriteLine($"{design.CellCount} cells, {model.Dimension} parameters: {wall:F2} µs per gradient (wall), {cpu:F2} µs (CPU)");
        return 0;
    }
}
