namespace MisterP.Models.Structured;

/// <summary>
/// The prior of one structured group term's effect vector u (one varying intercept per level), in the coordinates the
/// sampler moves: <see cref="LatentCount"/> latent values in the term's z block and <see cref="ExtraCount"/> (0 or 1)
/// unconstrained correlation parameter, with u = σ·f(latent, extra). The GLM calls <see cref="Forward"/> for the
/// prior and u, then <see cref="Backward"/> with ∂ℓ/∂u. O(levels + edges) per call, no allocation; instances hold
/// scratch, so each chain uses its own (<see cref="Fork"/>). <c>information</c> is each level's data information
/// (<see cref="EffectScaling"/>); a prior may use it to sample in partially centred coordinates, or ignore it.
/// </summary>
internal interface IStructuredEffect
{
    int Levels { get; }

    int LatentCount { get; }

    int ExtraCount { get; }

    /// <summary>
    /// Log density of latent and extra coordinates (Jacobian included), their gradient added and its derivative in
    /// log σ added to <paramref name="logSigmaGradient"/>; u written.
    /// </summary>
    double Forward(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, ReadOnlySpan<double> information, Span<double> u, Span<double> latentGradient, Span<double> extraGradient, ref double logSigmaGradient);

    /// <summary>Adds ∂ℓ/∂latent and ∂ℓ/∂extra from ∂ℓ/∂u; returns ∂ℓ/∂log σ. Uses the state of the last <see cref="Forward"/>.</summary>
    double Backward(ReadOnlySpan<double> gradientU, ReadOnlySpan<double> u, Span<double> latentGradient, Span<double> extraGradient);

    /// <summary>The reported correlation (ρ) from the extra coordinate; NaN when there is none.</summary>
    double Correlation(ReadOnlySpan<double> extra);

    /// <summary>u from the coordinates (outputs; thread-safe, writes only into <paramref name="u"/>).</summary>
    void Effects(ReadOnlySpan<double> latent, ReadOnlySpan<double> extra, double sigma, ReadOnlySpan<double> information, Span<double> u);

    IStructuredEffect Fork();
}
