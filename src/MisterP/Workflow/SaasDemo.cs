using MisterP.Compare;
using MisterP.Data;
using MisterP.Inference;
using MisterP.Output;
using MisterP.Poststrat;
using MisterP.Simulation;

namespace MisterP.Workflow;

/// <summary>
/// The SaaS opt-out survey demo, end to end: simulate a customer base with known satisfaction and a biased opt-out
/// survey → exploratory classical fit → multilevel fit by NUTS → post-stratify to the customer base → compare raw,
/// MRP and truth overall and per plan, region, company size and tenure.
/// </summary>
public static class SaasDemo
{
    public const string ExploratoryFormula = "satisfied ~ plan + region + size + tenure";

    public const string MultilevelFormula = "satisfied ~ (1|plan) + (1|region) + (1|size) + (1|tenure)";

    private static readonly string[] Strata = ["plan", "region", "size", "tenure"];

    public static DemoResult Run(
        DemoOptions options,
        IProgress<DemoStep>? steps = null,
        IProgress<ChainProgress>? sampling = null,
        CancellationToken cancellationToken = default)
    {
        DemoResult? result = null;
        AtomicDirectory.Write(options.OutputDirectory, overwrite: IsPreviousDemo(options.OutputDirectory), folder =>
        {
            result = RunInto(folder, options, steps, sampling, cancellationToken) with { OutputDirectory = Path.GetFullPath(options.OutputDirectory) };
        });
        return result!;
    }

    /// <summary>The demo replaces its own earlier output, never an unrelated folder.</summary>
    private static bool IsPreviousDemo(string directory) =>
        !Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any() ||
        File.Exists(Path.Combine(directory, "data", "survey.csv")) && File.Exists(Path.Combine(directory, "comparison.csv"));

    private static DemoResult RunInto(
        string folder,
        DemoOptions options,
        IProgress<DemoStep>? steps,
        IProgress<ChainProgress>? sampling,
        CancellationToken cancellationToken)
    {
        var scenario = SaasScenario.Simulate(seed: (int)(options.Seed % int.MaxValue));
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var surveyPath = Path.Combine(data, "survey.csv");
        var basePath = Path.Combine(data, "customer_base.csv");
        TableCsv.Write(surveyPath, scenario.Survey);
        TableCsv.Write(basePath, scenario.CustomerBase);
        steps?.Report(new DemoStep(
            $"Simulated {scenario.CustomerBase.RowCount} customer strata ({Sum(scenario.CustomerBase, "n"):N0} customers) and an opt-out survey of {scenario.Survey.RowCount:N0} respondents."));

        var fits = Directory.CreateDirectory(Path.Combine(folder, "fits")).FullName;
        using var survey = TableSources.Open(surveyPath);
        var exploratory = Mrp.Fit(survey, ExploratoryFormula, new FitOptions { Method = FitMethod.Ml }, null, cancellationToken);
        exploratory.Save(Path.Combine(fits, "exploratory"));
        steps?.Report(new DemoStep($"Exploratory logistic regression (maximum likelihood): {ExploratoryFormula}"));

        var sampler = new SamplerOptions
        {
            Chains = options.Chains,
            Warmup = options.Warmup,
            Draws = options.Draws,
            Seed = options.Seed,
            Threads = options.Threads,
        };
        var multilevel = Mrp.Fit(survey, MultilevelFormula, new FitOptions { Sampler = sampler }, sampling, cancellationToken);
        multilevel.Save(Path.Combine(fits, "multilevel"));
        steps?.Report(new DemoStep($"Multilevel model (NUTS, {options.Chains} chains × {options.Draws} draws): {MultilevelFormula}"));

        using var customerBase = TableSources.Open(basePath);
        var by = new List<IReadOnlyList<string>> { Array.Empty<string>() };
        by.AddRange(Strata.Select(s => (IReadOnlyList<string>)[s]));
        var estimates = multilevel.Poststratify(customerBase, new PoststratOptions { Weight = "n", By = by, Seed = options.Seed }, null, cancellationToken);
        EstimatesCsv.Write(Path.Combine(folder, "estimates.csv"), estimates);
        steps?.Report(new DemoStep("Post-stratified to the whole customer base: overall and by plan, region, size and tenure."));

        var rows = new List<DemoComparisonRow>();
        foreach (var e in estimates.Estimates)
        {
            var column = e.Keys.Count == 0 ? null : e.Keys.Keys.Single();
            var level = column is null ? null : e.Keys[column];
            var raw = RawMean(scenario.Survey, column, level);
            rows.Add(new DemoComparisonRow(
                column ?? "all", level ?? "all customers",
                raw.Mean, raw.Count, e.Estimate, e.Lower, e.Upper, TrueShare(scenario.CustomerBase, column, level), e.Population));
        }

        DemoComparisonCsv.Write(Path.Combine(folder, "comparison.csv"), rows);
        var groups = rows.Where(r => r.Grouping != "all")
            .Select(r => new GroupComparison([r.Grouping, r.Level], r.Raw, r.RawCount, r.Mrp, r.Lower, r.Upper, r.Truth))
            .ToList();
        return new DemoResult(folder, exploratory, multilevel, rows, ComparisonSummary.Of(groups));
    }

    private static (double Mean, double Count) RawMean(DataTable survey, string? column, string? level)
    {
        var y = ((NumericColumn)survey["satisfied"]).Values;
        var keys = column is null ? null : ((TextColumn)survey[column]).Values;
        double sum = 0, count = 0;
        for (var i = 0; i < y.Length; i++)
        {
            if (keys is null || keys[i] == level)
            {
                sum += y[i];
                count++;
            }
        }

        return (count > 0 ? sum / count : double.NaN, count);
    }

    private static double TrueShare(DataTable customerBase, string? column, string? level)
    {
        var n = ((NumericColumn)customerBase["n"]).Values;
        var share = ((NumericColumn)customerBase["satisfied_share"]).Values;
        var keys = column is null ? null : ((TextColumn)customerBase[column]).Values;
        double satisfied = 0, total = 0;
        for (var i = 0; i < n.Length; i++)
        {
            if (keys is null || keys[i] == level)
            {
                satisfied += n[i] * share[i];
                total += n[i];
            }
        }

        return satisfied / total;
    }

    private static double Sum(DataTable table, string column) => ((NumericColumn)table[column]).Values.Sum();
}
