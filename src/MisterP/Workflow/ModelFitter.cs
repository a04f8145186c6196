using System.Diagnostics;
using MisterP.Data;
using MisterP.Design;
using MisterP.Formulas;
using MisterP.Inference;
using MisterP.Inference.Classical;
using MisterP.Inference.Optimization;
using MisterP.Inference.Sampling;
using MisterP.Models;
using MisterP.Posterior;
using MisterP.Priors;

namespace MisterP.Workflow;

/// <summary>Formula + data → design → the chosen inference method → an <see cref="MrpFit"/>.</summary>
internal static class ModelFitter
{
    public static MrpFit Fit(
        ITableSource source,
        string formulaText,
        FitOptions options,
        IProgress<ChainProgress>? progress,
        CancellationToken cancellationToken)
    {
        var (prepared, overrides) = Prepare(source, formulaText, options);
        cancellationToken.ThrowIfCancellationRequested();

        // The fit folder keeps each used row's cell, so nothing later needs the data (or its query) again.
        var context = prepared with { RowCells = RowCellIndex.Compute(source, prepared.Design, prepared.Formula.Variables) };
        cancellationToken.ThrowIfCancellationRequested();
        return options.Method switch
        {
            FitMethod.Ml => FitClassical(context, overrides, cancellationToken),
            FitMethod.Nuts => FitNuts(context, overrides, progress, cancellationToken),
            FitMethod.Laplace => FitLaplace(context, overrides, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "Unknown fit method."),
        };
    }

    /// <summary>
    /// Everything before estimation: parse, read and check the data, build the design, and resolve the priors the
    /// method will use, so that every user error surfaces here (what <c>mrp fit --check</c> runs).
    /// </summary>
    /// <summary>The frame's values of each structured term's grouping column (<c>mrp fit --frame</c>), or null.</summary>
    private static Dictionary<string, IReadOnlyList<string>>? FrameLevels(Formula formula, string? framePath)
    {
        var columns = formula.GroupTerms.Where(g => g.Structure is not null).SelectMany(g => g.GroupFactors).Distinct(StringComparer.Ordinal).ToList();
        if (framePath is null || columns.Count == 0)
        {
            return null;
        }

        using var frame = TableSources.Open(framePath);
        var missing = columns.Where(c => frame.Schema.All(s => s.Name != c)).ToList();
        if (missing.Count > 0)
        {
            throw new UserInputException($"--frame {framePath} lacks the structured term's column(s) {string.Join(", ", missing)}.");
        }

        var levels = columns.ToDictionary(c => c, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var chunk in frame.ReadChunks(columns, 100_000))
        {
            foreach (var c in columns)
            {
                levels[c].UnionWith(DesignRecipe.TextValues(chunk.Table, c));
            }
        }

        return levels.ToDictionary(x => x.Key, x => (IReadOnlyList<string>)x.Value.ToList(), StringComparer.Ordinal);
    }

    public static (FitContext Context, IReadOnlyList<PriorOverride> Overrides) Prepare(ITableSource source, string formulaText, FitOptions options)
    {
        var clock = Stopwatch.StartNew();
        var formula = FormulaParser.Parse(formulaText);
        FormulaColumns.Check(formula, source.Schema.Select(c => c.Name).ToList(), source.Description);
        var overrides = options.Priors.Select(PriorParser.Parse).ToList();
        var design = DesignBuilder.Build(formula, source, new DesignOptions
        {
            Family = options.Family,
            Link = options.Link,
            Aggregate = options.Aggregate,
            LevelOrder = options.LevelOrder,
            Adjacency = options.Adjacency,
            Symmetrize = options.Symmetrize,
            ExtraLevels = FrameLevels(formula, options.LevelsFrame),
        });
        if (design.Design.GroupTerms.FirstOrDefault(t => t.Structure is not null) is { } structured && options.Method != FitMethod.Nuts)
        {
            // The Laplace and ML paths integrate iid effects in closed form; a structured prior's precision is not built in.
            // A by-walk's name is rw1_plan:month; its iid counterpart is (1 | plan:month).
            var iid = structured.Structure!.By is null ? structured.Name : structured.Name[(structured.Name.IndexOf('_', StringComparison.Ordinal) + 1)..];
            throw new UserInputException(
                $"--method {options.Method.ToString().ToLowerInvariant()} does not handle the structured term on '{structured.Name}' ({structured.Structure!.Kind.ToString().ToLowerInvariant()}); fit it with --method nuts, or use (1 | {iid}).");
        }

        if (design.Design.Family == Families.Family.Cumulative && options.Method == FitMethod.Laplace)
        {
            // The nested Laplace integrates β with the group effects as one Gaussian block entering η linearly; the
            // thresholds enter the likelihood outside η, so they would have to join θ's outer, sampled block instead.
            throw new UserInputException(
                "--method laplace is not available for the cumulative family: its thresholds do not enter the linear predictor, so the nested " +
                "Laplace approximation used for the other families does not cover them. Fit with --method nuts (the posterior) or --method ml (clmm's estimates).");
        }

        var family = design.Design.Family;
        if (Families.CategoryFamilies.IsUnordered(family) && design.Design.GroupTerms.FirstOrDefault(t => t.Structure is not null) is { } structuredTerm)
        {
            throw new UserInputException(
                $"The structured term on '{structuredTerm.Name}' is not available for the {Families.FamilyNames.Of(family)} family yet; use (1 | {structuredTerm.Name}) or fit a binary or cumulative outcome.");
        }

        if (Families.CategoryFamilies.IsUnordered(family) && options.Method != FitMethod.Nuts)
        {
            throw new UserInputException($"--method {options.Method.ToString().ToLowerInvariant()} is not available for the {Families.FamilyNames.Of(family)} family yet; fit it with --method nuts.");
        }

        if (Families.CategoryFamilies.HasCategories(family) && options.PriorOnly)
        {
            throw new UserInputException($"--prior-only is not available for the {Families.FamilyNames.Of(family)} family yet; fit it without --prior-only.");
        }

        if (options.PriorOnly && options.Method != FitMethod.Nuts)
        {
            throw new UserInputException($"--prior-only samples the prior by NUTS; drop --method {options.Method.ToString().ToLowerInvariant()}.");
        }

        if (options.Method == FitMethod.Ml && overrides.Count > 0)
        {
            throw new UserInputException("--prior has no effect with --method ml (maximum likelihood uses no priors); drop it or use --method nuts.");
        }

        if (options.Method != FitMethod.Ml)
        {
            // Resolving the priors checks each override's target against the design's parameters.
            if (Families.CategoryFamilies.IsUnordered(family))
            {
                CategoryPriors.Build(design.Design, overrides);
            }
            else
            {
                DefaultPriors.Build(design.Design, overrides);
            }
        }

        var context = new FitContext(source.Description, source.Spec, formula, design, options, clock.Elapsed);
        return (context, overrides);
    }

    private static MrpFit FitClassical(FitContext context, IReadOnlyList<PriorOverride> overrides, CancellationToken cancellationToken)
    {
        if (overrides.Count > 0)
        {
            throw new UserInputException("--prior has no effect with --method ml (maximum likelihood uses no priors); drop it or use --method nuts.");
        }

        var clock = Stopwatch.StartNew();
        if (context.Design.Design.Family == Families.Family.Cumulative)
        {
            var ordinal = CumulativeMixedModelFit.Fit(context.Design.Design, cancellationToken);
            return MrpFit.FromMixed(context, ordinal, clock.Elapsed);
        }

        if (context.Design.Design.GroupTerms.Count > 0)
        {
            var mixed = MixedModelFit.Fit(context.Design.Design, cancellationToken);
            return MrpFit.FromMixed(context, mixed, clock.Elapsed, SeparationCheck.Warnings(context.Design.Design).ToList());
        }

        var result = ClassicalFit.Fit(context.Design.Design);
        var separation = result.Warnings.Any(w => w.Contains("separates the outcome", StringComparison.Ordinal)) ? [] : SeparationCheck.Warnings(context.Design.Design).ToList();
        return MrpFit.FromClassical(context, result, clock.Elapsed, separation);
    }

    private static MrpFit FitNuts(
        FitContext context,
        IReadOnlyList<PriorOverride> overrides,
        IProgress<ChainProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (Families.CategoryFamilies.IsUnordered(context.Design.Design.Family))
        {
            return CategoricalFitting.Fit(context, CategoryPriors.Build(context.Design.Design, overrides), progress, cancellationToken);
        }

        var priors = DefaultPriors.Build(context.Design.Design, overrides);
        if (context.Design.Design.Family == Families.Family.Cumulative)
        {
            return FitCumulative(context, priors, progress, cancellationToken);
        }

        var model = new HierarchicalGlm(context.Design.Design, priors);
        if (context.Options.PriorOnly)
        {
            var improper = priors.ImproperTargets();
            if (improper.Count > 0)
            {
                throw new UserInputException(
                    $"--prior-only samples the prior, which must be proper, but {string.Join(", ", improper)} {(improper.Count == 1 ? "has" : "have")} a flat prior; " +
                    $"give each a proper one, e.g. --prior \"{improper[0]} ~ normal(0, 2.5)\".");
            }

            // Without data the effects' information scaling has nothing to scale by: plain non-centered sampling.
            model = model.WithoutLikelihood();
        }
        else if (context.Options.InformationScaling)
        {
            model = model.WithEffectScaling(EffectScaling.FromData(context.Design.Design));
        }

        var settings = context.Options.Sampler;
        DrawsBudget.Check(settings.Chains, settings.Draws, model.OutputNames.Count, SamplerStatistics.Names.Count);
        var sampling = NutsSampler.Sample(model, settings, progress, cancellationToken);
        var summary = Diagnostics.Summarize(sampling.Draws);
        var sampler = SamplerDiagnostics.From(sampling.Draws, context.Options.Sampler.MaxTreeDepth);
        var warnings = DiagnosticWarnings.Evaluate(summary, sampler).ToList();
        warnings.AddRange(SeparationCheck.Warnings(context.Design.Design));
        return MrpFit.FromSampling(context, priors, sampling, summary, sampler, warnings);
    }

    private static MrpFit FitCumulative(FitContext context, PriorSet priors, IProgress<ChainProgress>? progress, CancellationToken cancellationToken)
    {
        var design = context.Design.Design;
        var model = new CumulativeModel(design, priors);
        if (context.Options.InformationScaling)
        {
            model = model.WithEffectScaling(EffectScaling.FromData(design));
        }

        var sampling = NutsSampler.Sample(model, context.Options.Sampler, progress, cancellationToken);
        var summary = Diagnostics.Summarize(sampling.Draws);
        var sampler = SamplerDiagnostics.From(sampling.Draws, context.Options.Sampler.MaxTreeDepth);
        var warnings = DiagnosticWarnings.Evaluate(summary, sampler).ToList();
        var categories = design.Response.Categories!;
        var empty = categories.Where((_, k) => Enumerable.Range(0, design.CellCount).All(i => design.Response.CategoryCounts![i * categories.Count + k] == 0)).ToList();
        if (empty.Count > 0)
        {
            warnings.Add($"Categor{(empty.Count == 1 ? "y" : "ies")} {string.Join(", ", empty.Select(c => $"'{c}'"))} of '{MisterP.Formulas.ExprText.Format(context.Formula.Response.Outcome)}' never occur in the data: " +
                "their thresholds are informed by the prior alone. Check --levels, or merge the empty categories into their neighbours.");
        }

        return MrpFit.FromSampling(context, priors, sampling, summary, sampler, warnings);
    }

    private static MrpFit FitLaplace(FitContext context, IReadOnlyList<PriorOverride> overrides, CancellationToken cancellationToken)
    {
        var design = context.Design.Design;
        var priors = DefaultPriors.Build(design, overrides);
        var clock = Stopwatch.StartNew();
        var sampler = context.Options.Sampler;
        // Laplace keeps one chain of chains × draws independent draws (and lp__); the per-chain minimum still applies.
        var model = new HierarchicalGlm(design, priors);
        DrawsBudget.Check(sampler.Chains, sampler.Draws, model.OutputNames.Count, 1);
        var draws = sampler.Draws * sampler.Chains;
        // Group terms: integrate the effects out given the variance parameters; otherwise a Gaussian at the joint mode.
        var laplace = design.GroupTerms.Count > 0
            ? NestedLaplaceApproximation.Fit(design, priors, draws, sampler.Seed, sampler.Threads, cancellationToken)
            : LaplaceApproximation.Fit(model, draws, sampler.Seed, cancellationToken);
        var summary = Diagnostics.Summarize(laplace.Draws);
        return MrpFit.FromLaplace(context, priors, laplace, summary, clock.Elapsed, SeparationCheck.Warnings(design).ToList());
    }
}

/// <summary>What every method's result carries about its inputs.</summary>
internal sealed record FitContext(string DataDescription, string? DataSpec, Formula Formula, DesignResult Design, FitOptions Options, TimeSpan PreparationTime)
{
    /// <summary>Each used data row's cell (see <see cref="RowCellIndex"/>); null when it could not be derived.</summary>
    public int[]? RowCells { get; init; }
}
