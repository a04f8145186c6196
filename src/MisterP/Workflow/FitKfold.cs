using System.Diagnostics;
using System.Text.Json;
using MisterP.Checking;
using MisterP.Design;
using MisterP.Families;
using MisterP.Inference;
using MisterP.Inference.Sampling;
using MisterP.Models;
using MisterP.Posterior;
using MisterP.Priors;

namespace MisterP.Workflow;

/// <summary>
/// <c>mrp kfold</c>: K-fold cross-validation of saved fits by refitting each fold's training cells from the cells the
/// fit folder stores (the data query is never re-run), with the fit's formula, priors (as resolved on the full data)
/// and sampler settings. Folds hold out whole levels of a grouping factor — the question MRP asks of a model: how well
/// does it predict groups it has no respondents from? (PSIS-LOO over respondents does not answer it.)
/// </summary>
public static class FitKfold
{
    /// <summary>Each fit's K-fold result, the fits lined up on the same respondents when there are several.</summary>
    public static IReadOnlyList<(KfoldResult Result, PointwiseFit Comparable)> Run(
        IReadOnlyList<string> dirs, KfoldOptions options, IProgress<KfoldProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var names = dirs.Select(d => Path.GetFileName(Path.TrimEndingDirectorySeparator(d))).ToArray();
        if (names.Distinct().Count() != names.Length)
        {
            names = dirs.ToArray();
        }

        var prepared = dirs.Select(d => Prepare(d, options)).ToList();
        var levels = prepared[0].Term.Levels;
        foreach (var (other, i) in prepared.Select((p, i) => (p, i)).Skip(1))
        {
            if (!other.Term.Levels.SequenceEqual(levels, StringComparer.Ordinal))
            {
                throw new UserInputException(
                    $"'{names[0]}' and '{names[i]}' have different levels of '{options.By}' ({levels.Count} and {other.Term.Levels.Count}), so their folds " +
                    "cannot be the same; compare fits of the same data.");
            }
        }

        var seed = options.Seed ?? prepared[0].Sampler.Seed;
        var folds = options.Folds is { } k
            ? FoldAssignment.Grouped(options.By, levels, k, seed)
            : FoldAssignment.LeaveOneGroupOut(options.By, levels);
        var results = new List<(KfoldResult, PointwiseFit)>();
        for (var m = 0; m < prepared.Count; m++)
        {
            var result = RunOne(names[m], prepared[m], folds, options, seed, progress, cancellationToken);
            results.Add((result, new PointwiseFit(result.AsComparable(), options.Unit, prepared[m].Design, prepared[m].Columns)));
        }

        return results;
    }

    /// <summary>
    /// loo_compare of several fits' K-fold results (best first, elpd_diff and se_diff over the same respondents).
    /// </summary>
    public static IReadOnlyList<LooComparisonRow> Compare(IReadOnlyList<(KfoldResult Result, PointwiseFit Comparable)> fits)
    {
        var aligned = FitAlignment.Align(fits.Select(f => (f.Result.Model, f.Comparable)).ToList());
        return LooComparison.Compare(fits.Select((f, i) => (f.Result.Model, aligned[i])).ToList());
    }

    private sealed record PreparedFit(
        string Directory,
        DesignResult Design,
        GroupTermDesign Term,
        PosteriorDraws FullDraws,
        PriorSet Priors,
        SamplerOptions Sampler,
        bool InformationScaling,
        IReadOnlyList<PointwiseColumn> Columns);

    private static PreparedFit Prepare(string dir, KfoldOptions options)
    {
        var fit = SavedFit.Load(dir);
        var model = fit.Model;
        var method = model.TryGetProperty("method", out var m) ? m.GetString() : "nuts";
        if (method != "nuts")
        {
            throw new UserInputException(
                $"{dir} was fitted with --method {method}; mrp kfold refits each fold by NUTS with the fit's settings, so it needs a NUTS fit (refit without --method).");
        }

        var draws = fit.Draws ?? throw new UserInputException($"{dir} has no posterior draws; mrp kfold needs a NUTS fit with its draws.csv.");
        var settings = model.TryGetProperty("settings", out var s) ? s : default;
        if (settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("prior_only", out var priorOnly) && priorOnly.GetBoolean())
        {
            throw new UserInputException($"{dir} was fitted with --prior-only: there is no likelihood to cross-validate; use a fit of the data.");
        }

        var family = FamilyNames.ParseFamily(model.GetProperty("family").GetString()!);
        if (family is not (Family.Bernoulli or Family.Binomial))
        {
            throw new UserInputException(
                $"mrp kfold supports bernoulli and binomial fits for now, and {dir} is a {family.ToString().ToLowerInvariant()} fit; " +
                "compare such models with mrp loo.");
        }

        var design = FitData.Load(fit, "mrp kfold");
        var term = design.Design.GroupTerms.FirstOrDefault(t => t.Name == options.By);
        if (term is null)
        {
            var factors = design.Design.GroupTerms.Where(t => !t.Name.Contains(':', StringComparison.Ordinal)).Select(t => t.Name).ToList();
            throw new UserInputException(
                $"--by '{options.By}' is not the grouping factor of a group term in {dir} " +
                (factors.Count > 0 ? $"(its grouping factors: {string.Join(", ", factors)}); give one of them." : "(the model has no group term (1|g) to hold levels of out)."));
        }

        if (term.Levels.Count < 2)
        {
            throw new UserInputException($"--by '{options.By}' has one level in {dir}; holding it out would leave no data.");
        }

        var overrides = model.GetProperty("priors").EnumerateArray()
            .Where(p => p.GetProperty("source").GetString() == "user")
            .Select(p => PriorParser.Parse($"{p.GetProperty("target").GetString()} ~ {p.GetProperty("prior").GetString()}"))
            .ToList();
        var priors = DefaultPriors.Build(design.Design, overrides);
        int Setting(string name, int? given, int fallback) =>
            given ?? (settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var v) ? v.GetInt32() : fallback);
        var defaults = new SamplerOptions();
        var sampler = new SamplerOptions
        {
            Chains = Setting("chains", options.Chains, defaults.Chains),
            Warmup = Setting("warmup", options.Warmup, defaults.Warmup),
            Draws = Setting("draws", options.Draws, defaults.Draws),
            Seed = settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("seed", out var seed) ? seed.GetUInt64() : defaults.Seed,
            TargetAccept = settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("target_accept", out var delta) ? delta.GetDouble() : defaults.TargetAccept,
            MaxTreeDepth = Setting("max_treedepth", null, defaults.MaxTreeDepth),
            Metric = settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("metric", out var metric) && metric.GetString() == "dense" ? MetricKind.Dense : MetricKind.Diagonal,
            Threads = options.Threads,
        };
        if (sampler.Chains < 1 || sampler.Draws < 10 || sampler.Warmup < 0)
        {
            throw new UserInputException("--chains must be at least 1, --draws at least 10 and --warmup at least 0.");
        }

        var scaling = !(settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("group_effects", out var g) && g.GetString() == "non_centered");
        var columns = FitLogLikelihood.Columns(design, options.Unit);
        return new PreparedFit(dir, design, term, draws, priors, sampler, scaling, columns);
    }

    private static KfoldResult RunOne(string name, PreparedFit fit, FoldAssignment folds, KfoldOptions options, ulong seed,
        IProgress<KfoldProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var design = fit.Design.Design;
        var termIndex = design.GroupTerms.ToList().IndexOf(fit.Term);
        var levelIndex = fit.Term.Levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var elpd = new double[fit.Columns.Count];
        var foldOf = new int[fit.Columns.Count];
        var divergences = 0;
        for (var f = 0; f < folds.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var heldOut = new bool[fit.Term.Levels.Count];
            foreach (var level in folds.Folds[f])
            {
                heldOut[levelIndex[level]] = true;
            }

            var test = new List<int>();
            var train = new List<int>();
            for (var c = 0; c < design.CellCount; c++)
            {
                (heldOut[design.GroupTerms[termIndex].LevelIndex[c]] ? test : train).Add(c);
            }

            // Each fold's stream depends only on the seed and the fold number, so thread counts never change anything.
            var foldSeed = unchecked(seed + 0x9E3779B97F4A7C15UL * (ulong)(f + 1));
            var training = CellSubset.Of(design, train);
            var model = new HierarchicalGlm(training, fit.Priors);
            if (fit.InformationScaling)
            {
                model = model.WithEffectScaling(EffectScaling.FromData(training));
            }

            var sampling = NutsSampler.Sample(model, fit.Sampler with { Seed = foldSeed }, null, cancellationToken);
            divergences += SamplerDiagnostics.From(sampling.Draws, fit.Sampler.MaxTreeDepth).Divergences;
            var seen = training.GroupTerms.Select((t, k) =>
            {
                var present = new bool[t.Levels.Count];
                foreach (var level in t.LevelIndex)
                {
                    present[level] = true;
                }

                return present;
            }).ToList();
            var values = HeldOutLogLikelihood.Evaluate(design, sampling.Draws, fit.Columns, test, seen, foldSeed);
            for (var c = 0; c < values.Length; c++)
            {
                if (!double.IsNaN(values[c]))
                {
                    elpd[c] = values[c];
                    foldOf[c] = f + 1;
                }
            }

            progress?.Report(new KfoldProgress(name, f + 1, folds.Count));
        }

        var all = Enumerable.Range(0, design.CellCount).ToList();
        var lpd = HeldOutLogLikelihood.Evaluate(design, fit.FullDraws, fit.Columns, all, null, seed);
        var pointwise = fit.Columns.Select((c, i) => new KfoldPointwise(c.Name, c.Count, foldOf[i], elpd[i], lpd[i])).ToList();
        return KfoldResult.Summarize(name, folds, pointwise, options.Unit == LooUnit.Respondent ? "respondent" : "cell", fit.Sampler.Chains * fit.Sampler.Draws, divergences, clock.Elapsed);
    }
}
