namespace MisterP.Inference.Optimization;

/// <summary>
/// A log-likelihood over cells that depends on the model only through one linear predictor η per cell, with the
/// parameters it has besides η (an ordinal model's thresholds) held by the implementation. Lets
/// <see cref="LaplaceDeviance"/> integrate group effects out of likelihoods other than the GLM families it knows.
/// </summary>
internal interface ILinearPredictorLikelihood
{
    /// <summary>Parameter-free terms of the log-likelihood (added once, like <c>ResponseData.LogLikelihoodConstant</c>).</summary>
    double Constant { get; }

    /// <summary>
    /// ℓ(η); with <paramref name="derivatives"/>, also dℓ/dη into <paramref name="score"/> and the Newton weight
    /// −d²ℓ/dη² (or the expected information) into <paramref name="weight"/>, per cell.
    /// </summary>
    double Evaluate(ReadOnlySpan<double> eta, Span<double> score, Span<double> weight, bool derivatives);
}
