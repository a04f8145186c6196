namespace MisterP.Models;

/// <summary>
/// An unnormalized log density over an unconstrained real vector, with its gradient: everything a
/// gradient-based sampler or optimizer needs (nuts-rs's <c>CpuLogpFunc</c>, Stan's <c>log_prob_grad</c>).
/// An instance may keep scratch buffers and need not be thread-safe; parallel chains each call
/// <see cref="Fork"/> to get their own.
/// </summary>
public interface ILogDensity
{
    /// <summary>Number of unconstrained coordinates.</summary>
    int Dimension { get; }

    /// <summary>Names of the unconstrained coordinates (length <see cref="Dimension"/>).</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>
    /// Returns log p(x) up to a constant and writes ∂log p/∂x into <paramref name="gradient"/>.
    /// Must not allocate. May return NaN or −∞ outside the support (the sampler treats that as a divergence).
    /// </summary>
    double LogDensityGradient(ReadOnlySpan<double> position, Span<double> gradient);

    /// <summary>An independent instance over the same model, safe to use on another thread.</summary>
    ILogDensity Fork();
}

/// <summary>
/// Optional: maps an unconstrained position to the quantities users see in draws (constrained parameters
/// and derived quantities, e.g. <c>sd_state__Intercept</c>, <c>r_state[AL,Intercept]</c>).
/// A density that does not implement it is reported on its unconstrained coordinates.
/// </summary>
public interface IConstrainedOutputs
{
    IReadOnlyList<string> OutputNames { get; }

    /// <summary>Writes the outputs for <paramref name="position"/>; thread-safe, no allocation.</summary>
    void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs);
}
