using System.Diagnostics;
using System.Globalization;
using MisterP.Compare;
using MisterP.Data;
using MisterP.Inference;
using MisterP.Output;
using MisterP.Plots;
using MisterP.Poststrat;
using MisterP.Reports;
using MisterP.Simulation;

namespace MisterP.Workflow;

/// <summary>
/// <c>mrp demo</c>, the same steps for every scenario, each the library call its command would make: simulate the
/// population and a biased sample (→ data/) → exploratory classical fit (→ fits/exploratory) → multilevel fit by NUTS
/// (→ fits/multilevel) → post-stratify to the population (→ estimates.csv) → compare raw, MRP and truth per grouping
/// set (→ comparison_SET.csv). The folder is written atomically: a failed or cancelled run leaves nothing behind.
/// </summary>
public static class DemoPipeline
{
    public static DemoResult Run(
        IDemoScenario scenario,
        DemoOptions options,
        DemoProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(options.OutputDirectory);
        // The demo replaces its own earlier folder (recognised by its manifest), never one holding anything else.
        new OutputGuard(overwrite: true, []).Folder(options.OutputDirectory);
        var clock = Stopwatch.StartNew();
        DemoResult? result = null;
        AtomicDirectory.Write(root, overwrite: true, folder =>
        {
            var run = new DemoRun(scenario, options, folder, root, progress ?? new DemoProgress(), cancellationToken);
            result = run.Execute();
        }, cancellationToken);
        return result! with { Artifacts = result!.Artifacts with { Root = root }, Elapsed = clock.Elapsed };
    }

    /// <summary>The sampler settings a run uses: the scenario's, with what <paramref name="options"/> sets.</summary>
    public static SamplerOptions SamplerFor(IDemoScenario scenario, DemoOptions options) => scenario.Sampler with
    {
        Chains = options.Chains ?? scenario.Sampler.Chains,
        Warmup = options.Warmup ?? scenario.Sampler.Warmup,
        Draws = options.Draws ?? scenario.Sampler.Draws,
        TargetAccept = options.TargetAccept ?? scenario.Sampler.TargetAccept,
        Seed = options.Seed,
        Threads = options.Threads,
    };

    /// <summary>One run: writes into <paramref name="folder"/>, names files by where they will be (<paramref name="root"/>).</summary>
    private sealed class DemoRun(IDemoScenario scenario, DemoOptions options, string folder, string root, DemoProgress progress, CancellationToken cancellationToken)
    {
        private readonly IReadOnlyList<IReadOnlyList<string>> _sets = [[], .. scenario.Groupings];

        public DemoResult Execute()
        {
            var data = Simulate();
            Directory.CreateDirectory(Path.Combine(folder, "fits"));
            using var sample = Open(data.SamplePath, data.Joins);
            var exploratory = FitExploratory(sample, data);
            var multilevel = FitMultilevel(sample, data);
            var estimates = Poststratify(multilevel, data);
            var comparisons = Compare(data, estimates);
            var artifacts = new DemoArtifacts(
                folder,
                $"MisterP demo: {scenario.Title}",
                [scenario.BiasNote, scenario.Caveat, $"The truth is known here only because the {scenario.PopulationName} is simulated."],
                Path.GetRelativePath(folder, data.SamplePath),
                Path.GetRelativePath(folder, data.FramePath),
                comparisons.Select(c => (c.By, c.File)).ToList());
            WriteReport(artifacts);
            return new DemoResult(scenario, artifacts, exploratory, multilevel, comparisons.Select(c => c.Comparison).ToList());
        }

        /// <summary>
        /// What <c>mrp plot … estimates</c> and <c>mrp report</c> make, per grouping set a figure of raw vs MRP vs truth,
        /// and one report on the multilevel fit showing the first grouping set (the figures of the others beside it).
        /// </summary>
        private void WriteReport(DemoArtifacts artifacts)
        {
            var fit = Path.Combine(folder, "fits", "multilevel");
            var sets = artifacts.ComparisonFiles.Where(c => c.By.Count > 0).ToList();
            foreach (var (by, file) in sets)
            {
                var figure = Path.Combine(folder, $"estimates_{string.Join("_", by)}.png");
                var over = scenario.SeriesOver is { } o && by.Contains(o) ? o : null;
                FitPlots.Save(fit, PlotKind.Estimates, figure, over is null
                    ? new PlotOptions
                    {
                        EstimatesPath = Path.Combine(folder, "estimates.csv"),
                        ComparisonPath = Path.Combine(folder, file),
                        By = GroupingSet.Label(by),
                    }
                    : new PlotOptions
                    {
                        // What mrp plot estimates --over month [--by plan] --truth FILE draws: the set as a time series.
                        EstimatesPath = Path.Combine(folder, "estimates.csv"),
                        Over = over,
                        By = by.SingleOrDefault(c => c != over),
                        TruthPath = Path.Combine(folder, "data", $"truth_{string.Join("_", by)}.csv"),
                        TruthColumn = "truth",
                    });
                cancellationToken.ThrowIfCancellationRequested();
            }

            var shown = sets.Count > 0 ? sets[0] : artifacts.ComparisonFiles[0];
            FitReports.Write(fit, Path.Combine(folder, DemoArtifacts.ReportFile), new ReportOptions
            {
                Title = artifacts.Title,
                Notes = artifacts.Notes,
                EstimatesPath = Path.Combine(folder, "estimates.csv"),
                ComparisonPath = Path.Combine(folder, shown.File),
                By = GroupingSet.Label(shown.By),
                FitFolderLabel = Path.Combine(root, "fits", "multilevel"),
            });
            Report($"Wrote {DemoArtifacts.ReportFile} (model, diagnostics, estimates by {GroupingSet.Label(shown.By)}, raw vs MRP vs truth) and " +
                   $"{string.Join(", ", sets.Select(c => $"estimates_{string.Join("_", c.By)}.png"))}.");
        }

        private DemoData Simulate()
        {
            var directory = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
            var data = scenario.Simulate(directory, options.Seed);
            cancellationToken.ThrowIfCancellationRequested();
            Report(data.Description);
            return data;
        }

        private MrpFit FitExploratory(ITableSource sample, DemoData data)
        {
            var clock = Stopwatch.StartNew();
            var fit = Mrp.Fit(sample, scenario.ExploratoryFormula, new FitOptions { Method = FitMethod.Ml, Family = scenario.Family, Joins = FinalJoins(data) }, null, cancellationToken);
            fit.Save(Path.Combine(folder, "fits", "exploratory"));
            Report($"Exploratory {scenario.ExploratoryKind} by maximum likelihood ({fit.Coefficients?.Count ?? 0} coefficients, " +
                   $"{clock.Elapsed.TotalSeconds:F1} s): {scenario.ExploratoryFormula}");
            return fit;
        }

        private MrpFit FitMultilevel(ITableSource sample, DemoData data)
        {
            var sampler = SamplerFor(scenario, options);
            var clock = Stopwatch.StartNew();
            var fit = Mrp.Fit(sample, scenario.MultilevelFormula, new FitOptions
            {
                Sampler = sampler,
                Family = scenario.Family,
                Joins = FinalJoins(data),

                // As mrp fit --frame: a structured term's levels include the frame's (the waves' month without respondents).
                LevelsFrame = data.FramePath,
            }, progress.Sampling, cancellationToken);
            fit.Save(Path.Combine(folder, "fits", "multilevel"));
            var rhats = fit.Summary!.Select(s => s.Rhat).Where(double.IsFinite).ToList();
            var rhat = rhats.Count > 0 ? $"max R̂ {rhats.Max():F3}" : "R̂ not computable from these draws";
            Report($"Multilevel model by NUTS ({sampler.Chains} chains × {sampler.Draws} draws after {sampler.Warmup} warmup, " +
                   $"target acceptance {sampler.TargetAccept.ToString(CultureInfo.InvariantCulture)}; {clock.Elapsed.TotalSeconds:F1} s; " +
                   $"{fit.Design.Cells:N0} cells; {rhat}, {fit.SamplerDiagnostics!.Divergences} divergent transitions): {scenario.MultilevelFormula}");
            return fit;
        }

        private PoststratResult Poststratify(MrpFit multilevel, DemoData data)
        {
            using var frame = Open(data.FramePath, data.Joins);
            // The simulated population is the sample's own universe: a cell the biased sample missed is a genuinely
            // new level (no spelling mismatch is possible), so it gets effects drawn from its group's distribution.
            var poststratOptions = new PoststratOptions
            {
                Weight = data.Weight,
                By = _sets,
                Seed = options.Seed,
                AllowNewLevels = true,
                Nps = scenario.Quantity == "nps",
                Top = scenario.Quantity is { } q && q.StartsWith("top_", StringComparison.Ordinal) ? int.Parse(q[4..], CultureInfo.InvariantCulture) : null,
            };
            var result = multilevel.Poststratify(frame, poststratOptions, progress.Poststrat, cancellationToken);
            EstimatesCsv.Write(Path.Combine(folder, "estimates.csv"), result);
            var sets = string.Join(", ", scenario.Groupings.Select(GroupingSet.Label));
            Report($"Post-stratified to the whole {scenario.PopulationName} ({result.FrameRows:N0} cells × {result.DrawCount:N0} draws): overall and by {sets}.");
            return result;
        }

        /// <summary>What <c>mrp compare</c> does, per grouping set: raw means, MRP estimates (read back from estimates.csv) and truth.</summary>
        private List<(IReadOnlyList<string> By, string File, DemoComparison Comparison)> Compare(DemoData data, PoststratResult estimates)
        {
            var result = new List<(IReadOnlyList<string>, string, DemoComparison)>();
            using var sample = TableSources.Open(data.SamplePath);
            using var estimatesSource = TableSources.Open(Path.Combine(folder, "estimates.csv"));
            foreach (var set in _sets)
            {
                var name = set.Count == 0 ? "overall" : string.Join("_", set);
                var truthPath = Path.Combine(folder, "data", $"truth_{name}.csv");
                TableCsv.Write(truthPath, PopulationTruth.ForSet(data.Truth, set));
                using var truth = TableSources.Open(truthPath);
                IReadOnlyList<GroupComparison> rows;
                var file = $"comparison_{name}.csv";
                if (scenario.Quantity is { } quantity)
                {
                    // An ordered outcome: the scenario's quantity of the estimates against the truth, as mrp compare --truth-column QUANTITY=truth.
                    var compared = QuantityComparisonBuilder.Build(estimatesSource, set, sample, scenario.Outcome, truth, [new TruthColumn(quantity, string.Empty, "truth")]);
                    rows = compared[0].Rows;
                    QuantityComparisonCsv.Write(Path.Combine(folder, file), set, compared);
                }
                else
                {
                    var raw = RawEstimates.Compute(sample, scenario.Outcome, set);
                    rows = ComparisonBuilder.Build(estimatesSource, set, raw, truth, "truth");
                    ComparisonCsv.Write(Path.Combine(folder, file), set, rows);
                }

                result.Add((set, file, new DemoComparison(set, rows, ComparisonSummary.Of(rows))));
            }

            Report($"Compared the raw survey, MRP and the truth ({string.Join(", ", result.Select(r => r.Item2))}); {estimates.Estimates.Count} estimates in estimates.csv.");
            return result;
        }

        private DemoSource Open(string path, IReadOnlyList<JoinSpec> joins)
        {
            var description = joins.Count == 0 ? Final(path) : $"{Final(path)} (joined with {string.Join(", ", joins.Select(j => Final(j.File)))})";
            return new DemoSource(TableSources.Open(path, joins), description, Path.GetFullPath(Final(path)));
        }

        private IReadOnlyList<JoinSpec> FinalJoins(DemoData data) => data.Joins.Select(j => j with { File = Final(j.File) }).ToList();

        private string Final(string path) => Path.Combine(root, Path.GetRelativePath(folder, path));

        private void Report(string text) => progress.Steps?.Report(new DemoStep(text));
    }
}
