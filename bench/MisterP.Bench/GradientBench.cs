using System.Diagnostics;
using MisterP.Data;
using MisterP.Design;
using MisterP.Formulas;
using MisterP.Models;
using MisterP.Priors;

namespace MisterP.Bench;

/// <summary>
/// Cost of one log-density gradient of the seed talk's model: over the CCES biased sample's cells by default, or
/// over any CSV with the model's columns (joined with the state predictors when it lacks repvote). The evaluation
/// count is an argument so that instruction counts under callgrind can be taken as a difference of two runs.
/// </summary>
internal static class GradientBench
{
    public const string Rhs = "male + repvote + (1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age) + (1|educ:eth)";

    public static int Run(string shared, string? data, int evaluations)
    {
        var model = Build(shared, data);
        var x = new double[model.Dimension];
        var g = new double[model.Dimension];
        for (var i = 0; i < Math.Min(2000, evaluations); i++)
        {
            model.LogDensityGradient(x, g);
        }

        // CPU time of the loop as well as wall time: on a shared machine the CPU time is the steadier figure.
        var cpuBefore = Process.GetCurrentProcess().UserProcessorTime;
        var timer = Stopwatch.StartNew();
        for (var i = 0; i < evaluations; i++)
        {
            x[i % x.Length] = 0.001 * (i % 7);
            model.LogDensityGradient(x, g);
        }

        var wall = evaluations > 0 ? timer.Elapsed.TotalMicroseconds / evaluations : 0;
        var cpu = evaluations > 0 ? (Process.GetCurrentProcess().UserProcessorTime - cpuBefore).TotalMicroseconds / evaluations : 0;
        Console.WriteLine($"{model.Design.RowStatistics.RowCount} rows, {model.Design.CellCount} cells, {model.Dimension} parameters: " +
                          $"{wall:F2} µs per gradient (wall), {cpu:F2} µs (CPU) [{model.PlanDescription}]");
        return 0;
    }

    public static HierarchicalGlm Build(string shared, string? data)
    {
        var path = data ?? Path.Combine(shared, "data/cces2018/sample_biased5000_seed1010.csv");
        using var probe = TableSources.Open(path);
        var joins = probe.Schema.Any(c => c.Name == "repvote")
            ? Array.Empty<JoinSpec>()
            : [new JoinSpec(Path.Combine(shared, "data/cces2018/statelevel_predictors.csv"), ["state"])];
        using var source = TableSources.Open(path, joins);
        // The CCES files' outcome is abortion; the semi-synthetic sample's is y.
        var outcome = probe.Schema.Any(c => c.Name == "abortion") ? "abortion" : "y";
        var design = DesignBuilder.Build(FormulaParser.Parse($"{outcome} ~ {Rhs}"), source, new DesignOptions()).Design;
        return new HierarchicalGlm(design, DefaultPriors.Build(design, []));
    }
}
