using MisterP.Inference.Classical;

namespace MisterP.Inference.Optimization;

/// <summary>A classical multilevel fit: maximum (Laplace-approximated) likelihood estimates, like lme4's glmer with nAGQ = 1.</summary>
public sealed class MixedModelResult
{
    /// <summary>Fixed effects (Wald statistics), then group sds and correlations (estimates only).</summary>
    public required IReadOnlyList<CoefficientRow> Coefficients { get; init; }

    /// <summary>Covariance of the fixed-effect estimates (p × p row-major, fixed-effect column order), at the fitted sds.</summary>
    public required double[] FixedEffectCovariance { get; init; }

    /// <summary>Conditional modes of the group effects, <c>r_GROUP[LEVEL,COEF]</c>.</summary>
    public required IReadOnlyList<(string Name, double Value)> GroupEffects { get; init; }

    /// <summary>Maximized Laplace log-likelihood on the original rows.</summary>
    public required double LogLikelihood { get; init; }

    public required double Aic { get; init; }

    public required double Bic { get; init; }

    public required double DfResidual { get; init; }

    /// <summary>Some group sd at zero (or a correlation at ±1), as lme4's isSingular.</summary>
    public required bool Singular { get; init; }

    public required bool Converged { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }
}
