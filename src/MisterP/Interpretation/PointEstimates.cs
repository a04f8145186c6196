namespace MisterP.Interpretation;

/// <summary>
/// A maximum-likelihood fit as interpretation needs it: every parameter's estimate by its brms-style name (fixed
/// effects, group sds and correlations, conditional modes of group effects, sigma), the covariance of the fixed
/// effects (p × p row-major, in the fit's column order) for delta-method intervals, and the residual degrees of
/// freedom when intervals use Student's t (least squares with estimated dispersion), else null (normal).
/// </summary>
public sealed record PointEstimates(IReadOnlyDictionary<string, double> Values, double[] FixedEffectCovariance, double? DegreesOfFreedom);
