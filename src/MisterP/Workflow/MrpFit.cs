using MisterP.Data;
using MisterP.Design;
using MisterP.Formulas;
using MisterP.Inference;
using MisterP.Inference.Classical;
using MisterP.Inference.Optimization;
using MisterP.Interpretation;
using MisterP.Output;
using MisterP.Posterior;
using MisterP.Poststrat;
using MisterP.Priors;

namespace MisterP.Workflow;

/// <summary>
/// A fitted model: its inputs (formula, design, options), what the chosen method produced (posterior draws with
/// their summary and sampler diagnostics, or classical estimates), warnings and timings. <see cref="Save"/> writes
/// the fit folder of SPEC §2.
/// </summary>
public sealed class MrpFit
{
    private MrpFit(FitContext context)
    {
        DataDescription = context.DataDescription;
        DataSpec = context.DataSpec;
        Formula = context.Formula;
        Design = context.Design;
        Options = context.Options;
        PreparationTime = context.PreparationTime;
        RowCells = context.RowCells;
    }

    public string DataDescription { get; }

    /// <summary>The data's spec, reopenable from any folder (see <see cref="ITableSource.Spec"/>); null when unknown.</summary>
    public string? DataSpec { get; }

    public Formula Formula { get; }

    public DesignResult Design { get; }

    /// <summary>Each used data row's cell index, in row order (saved as rows.parquet); null when unknown.</summary>
    public int[]? RowCells { get; }

    public FitOptions Options { get; }

    public FitMethod Method => Options.Method;

    /// <summary>Reading, validating and building the design (and aggregating rows).</summary>
    public TimeSpan PreparationTime { get; }

    /// <summary>Priors actually used (after autoscaling); null for maximum likelihood.</summary>
    public PriorSet? Priors { get; private init; }

    /// <summary>Posterior (or approximate posterior) draws; null for maximum likelihood.</summary>
    public PosteriorDraws? Draws { get; private init; }

    /// <summary>Per-parameter summary of <see cref="Draws"/>; null for maximum likelihood.</summary>
    public IReadOnlyList<ParameterSummary>? Summary { get; private init; }

    /// <summary>NUTS sampler diagnostics; null for other methods.</summary>
    public SamplerDiagnostics? SamplerDiagnostics { get; private init; }

    /// <summary>The NUTS run (adaptation, timings, gradient count); null for other methods.</summary>
    public SamplingResult? Sampling { get; private init; }

    /// <summary>The Laplace approximation (mode, covariance); null for other methods.</summary>
    public LaplaceResult? Laplace { get; private init; }

    /// <summary>Classical fixed-effects fit (OLS / GLM); null otherwise.</summary>
    public ClassicalResult? Classical { get; private init; }

    /// <summary>Classical multilevel fit (lme4-style Laplace ML); null otherwise.</summary>
    public MixedModelResult? Mixed { get; private init; }

    /// <summary>Estimation time (sampling includes warmup).</summary>
    public TimeSpan EstimationTime { get; private init; }

    /// <summary>Warnings users need, each with its usual remedy.</summary>
    public IReadOnlyList<string> Warnings { get; private init; } = [];

    /// <summary>Classical coefficient table (ml), or null for Bayesian fits.</summary>
    public IReadOnlyList<CoefficientRow>? Coefficients => Classical?.Coefficients ?? Mixed?.Coefficients;

    /// <summary>Maximum-likelihood estimates with the fixed effects' covariance (for delta-method intervals); null for Bayesian fits.</summary>
    public PointEstimates? PointEstimates => Classical is { } classical ? FromClassicalEstimates(classical) : Mixed is { } mixed ? FromMixedEstimates(mixed) : null;

    /// <summary>Predictions (Bambi <c>interpret.predictions</c>, marginaleffects <c>predictions</c>) over <paramref name="data"/>, or the fit's own data when null.</summary>
    public InterpretationResult Predictions(InterpretationOptions options, ITableSource? data = null, CancellationToken cancellationToken = default) =>
        Interpretation().Run((m, d) => Interpreter.Predictions(m, d, options, cancellationToken), data);

    /// <summary>Comparisons between values of <paramref name="contrast"/>'s variable (marginaleffects <c>comparisons</c>).</summary>
    public InterpretationResult Comparisons(VariableValues contrast, InterpretationOptions options, ITableSource? data = null, CancellationToken cancellationToken = default) =>
        Interpretation().Run((m, d) => Interpreter.Comparisons(m, d, contrast, options, cancellationToken), data);

    /// <summary>Slopes in <paramref name="wrt"/> (marginaleffects <c>slopes</c>).</summary>
    public InterpretationResult Slopes(string wrt, InterpretationOptions options, ITableSource? data = null, CancellationToken cancellationToken = default) =>
        Interpretation().Run((m, d) => Interpreter.Slopes(m, d, wrt, options, cancellationToken), data);

    private FitInterpretation Interpretation()
    {
        return new(
        new InterpretationModel(ModelShape.Of(Design.Design), Design.Recipe, Formula.Response, Draws, PointEstimates),
        () =>
        {
            var source = FitData.Open(DataSpec, Options.Joins, "Without data given, this", Options.Recode);
            return (source, InterpretationData.FitData(source, Formula));
        });
    }

    private static PointEstimates FromClassicalEstimates(ClassicalResult classical)
    {
        var values = classical.Coefficients.ToDictionary(c => c.Name, c => c.Estimate, StringComparer.Ordinal);
        if (classical.Sigma is { } sigma)
        {
            values["sigma"] = sigma;
        }

        return new PointEstimates(values, classical.Covariance, classical.UsesT ? classical.DfResidual : null);
    }

    private static PointEstimates FromMixedEstimates(MixedModelResult mixed)
    {
        var values = mixed.Coefficients.ToDictionary(c => c.Name, c => c.Estimate, StringComparer.Ordinal);
        foreach (var (name, value) in mixed.GroupEffects)
        {
            values[name] = value;
        }

        return new PointEstimates(values, mixed.FixedEffectCovariance, null);
    }

    internal static MrpFit FromClassical(FitContext context, ClassicalResult result, TimeSpan elapsed, IReadOnlyList<string>? extraWarnings = null) => new(context)
    {
        Classical = result,
        EstimationTime = elapsed,
        Warnings = [.. context.Design.Warnings, .. result.Warnings, .. extraWarnings ?? []],
    };

    internal static MrpFit FromMixed(FitContext context, MixedModelResult result, TimeSpan elapsed, IReadOnlyList<string>? extraWarnings = null) => new(context)
    {
        Mixed = result,
        EstimationTime = elapsed,
        Warnings = [.. context.Design.Warnings, .. result.Warnings, .. extraWarnings ?? []],
    };

    internal static MrpFit FromSampling(
        FitContext context,
        PriorSet priors,
        SamplingResult sampling,
        IReadOnlyList<ParameterSummary> summary,
        SamplerDiagnostics sampler,
        IReadOnlyList<string> warnings) => new(context)
        {
            Priors = priors,
            Sampling = sampling,
            Draws = sampling.Draws,
            Summary = summary,
            SamplerDiagnostics = sampler,
            EstimationTime = sampling.WarmupTime + sampling.SamplingTime,
            Warnings = [.. context.Design.Warnings, .. warnings],
        };

    internal static MrpFit FromLaplace(
        FitContext context,
        PriorSet priors,
        LaplaceResult laplace,
        IReadOnlyList<ParameterSummary> summary,
        TimeSpan elapsed,
        IReadOnlyList<string>? extraWarnings = null) => new(context)
        {
            Priors = priors,
            Laplace = laplace,
            Draws = laplace.Draws,
            Summary = summary,
            EstimationTime = elapsed,
            Warnings = [.. context.Design.Warnings, .. laplace.Warnings, .. extraWarnings ?? []],
        };

    /// <summary>
    /// Post-stratifies this fit over a population frame (SPEC §5): per-draw predictions of every frame cell,
    /// aggregated by each grouping set with the frame's counts as weights.
    /// </summary>
    public PoststratResult Poststratify(
        ITableSource frame,
        PoststratOptions options,
        IProgress<PoststratProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var draws = Draws ?? throw new UserInputException(
            "Post-stratification needs posterior draws: fit with --method nuts (or laplace), not ml.");
        var model = new PoststratModel(ModelShape.Of(Design.Design), Design.Recipe, draws, IndependentDraws: Method == FitMethod.Laplace);
        var respondents = options.FinitePopulation
            ? RespondentCells.From(Design.CellValues, Design.Design.Response, Design.Recipe.RequiredColumns, DataDescription)
            : null;
        return Poststratifier.Run(model, frame, options, respondents, progress, cancellationToken);
    }

    /// <summary>Shorthand: post-stratify by the given grouping sets with <paramref name="weight"/> as the count column.</summary>
    public PoststratResult Poststratify(ITableSource frame, string weight, params IReadOnlyList<string>[] by) =>
        Poststratify(frame, new PoststratOptions { Weight = weight, By = by.Length == 0 ? [[]] : by });

    /// <summary>
    /// Writes model.json, summary.csv and (for draws-based methods) draws.csv with its binary copy draws.bin, plus CmdStan CSV files when
    /// <paramref name="cmdStanCsv"/> is set, into <paramref name="directory"/> atomically.
    /// Cancellation is checked between files and before the folder is moved into place: a cancelled save writes nothing.
    /// </summary>
    public void Save(string directory, bool overwrite = false, bool cmdStanCsv = false, CancellationToken cancellationToken = default)
    {
        if (cmdStanCsv && Sampling is null)
        {
            throw new UserInputException("--cmdstan-csv needs posterior draws from NUTS (--method nuts).");
        }

        AtomicDirectory.Write(directory, overwrite, folder =>
        {
            if (Coefficients is { } coefficients)
            {
                CoefficientsCsv.Write(Path.Combine(folder, "summary.csv"), coefficients);
            }

            if (Summary is not null && Draws is not null)
            {
                SummaryCsv.Write(Path.Combine(folder, "summary.csv"), Summary);
                var drawsCsv = Path.Combine(folder, FitFiles.DrawsCsv);
                cancellationToken.ThrowIfCancellationRequested();
                DrawsCsv.Write(drawsCsv, Draws);
                cancellationToken.ThrowIfCancellationRequested();
                DrawsBinary.Write(Path.Combine(folder, FitFiles.DrawsBin), Draws, new FileInfo(drawsCsv).Length);
            }

            if (cmdStanCsv && Sampling is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CmdStanCsv.Write(folder, Sampling.Draws, CmdStanMetadataFor(Sampling));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var cells = FitFiles.WriteCells(folder, Design, RowCells);

            // model.json last: it records the checksums of the files above.
            ModelJson.Write(Path.Combine(folder, "model.json"), this, new FitFileRecord(cells, FitFiles.Checksums(folder)));
        }, cancellationToken);
    }

    private CmdStanMetadata CmdStanMetadataFor(SamplingResult sampling) => new()
    {
        ModelName = "misterp_" + Formula.Response.Outcome switch { VariableExpr v => v.Name, _ => "model" },
        Seed = Options.Sampler.Seed,
        NumWarmup = sampling.Adaptation.Max(a => a.WarmupIterations),
        NumSamples = Options.Sampler.Draws,
        StepSizes = sampling.Adaptation.Select(a => a.StepSize).ToArray(),
        InverseMetricDiagonals = sampling.Adaptation.Select(a => a.InverseMetricDiagonal).ToArray(),
        WarmupTime = sampling.WarmupTime,
        SamplingTime = sampling.SamplingTime,
    };
}
