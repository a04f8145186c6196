using MisterP.Design;
using MisterP.Inference.Classical;
using MisterP.Posterior;

namespace MisterP.Reports;

/// <summary>A prior as model.json records it: target, distribution (after autoscaling) and where it came from.</summary>
public sealed record PriorEntry(string Target, string Distribution, string Source);

/// <summary>
/// What a report says about a fit: its inputs and data fingerprint, the model and priors, settings and timings, and
/// what the method produced (draws with their summary and sampler diagnostics, or a classical coefficient table).
/// </summary>
public sealed record FitOverview
{
    public required string Directory { get; init; }

    public required string Formula { get; init; }

    /// <summary>The fit's <c>--levels</c> orders (figures list those levels in that order); empty when none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> LevelOrder { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public required string Family { get; init; }

    public required string Link { get; init; }

    /// <summary>nuts, laplace or ml.</summary>
    public required string Method { get; init; }

    public required string Version { get; init; }

    public required string DataSource { get; init; }

    public IReadOnlyList<string> Joins { get; init; } = [];

    public required long RowsUsed { get; init; }

    public required long RowsDropped { get; init; }

    public required int Cells { get; init; }

    public required bool Aggregated { get; init; }

    public required ModelShape Shape { get; init; }

    /// <summary>The response as the formula writes it, for axis labels.</summary>
    public required string Outcome { get; init; }

    public IReadOnlyList<PriorEntry> Priors { get; init; } = [];

    /// <summary>One sentence per structured group term (rw1, bym2, …): type, levels, graph, scaling; empty otherwise.</summary>
    public IReadOnlyList<string> StructuredTerms { get; init; } = [];

    public IReadOnlyList<(string Name, string Value)> Settings { get; init; } = [];

    public IReadOnlyList<(string Name, string Value)> Timings { get; init; } = [];

    /// <summary>The warnings the fit printed (with their remedies).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Posterior draws (nuts, laplace); null for ml.</summary>
    public PosteriorDraws? Draws { get; init; }

    /// <summary>Summary of every parameter of <see cref="Draws"/>.</summary>
    public IReadOnlyList<ParameterSummary>? Summary { get; init; }

    /// <summary>NUTS diagnostics (divergences, tree depth, E-BFMI); null for other methods.</summary>
    public SamplerDiagnostics? Sampler { get; init; }

    /// <summary>Adapted step size per chain (NUTS).</summary>
    public IReadOnlyList<double> StepSizes { get; init; } = [];

    /// <summary>ml: the coefficient table of summary.csv.</summary>
    public IReadOnlyList<CoefficientRow>? Coefficients { get; init; }

    /// <summary>ml: log-likelihood, AIC, deviance and the like, as model.json records them.</summary>
    public IReadOnlyList<(string Name, string Value)> FitStatistics { get; init; } = [];

    /// <summary>ml multilevel fits: a group sd at zero or a correlation at ±1 (lme4's isSingular).</summary>
    public bool Singular { get; init; }
}
