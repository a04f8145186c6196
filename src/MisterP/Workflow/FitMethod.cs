namespace MisterP.Workflow;

/// <summary>How a model is fitted (SPEC §2 <c>--method</c>).</summary>
public enum FitMethod
{
    /// <summary>Full Bayesian inference with the No-U-Turn sampler.</summary>
    Nuts,

    /// <summary>Posterior mode and a Gaussian approximation around it, with draws from that approximation.</summary>
    Laplace,

    /// <summary>Classical maximum likelihood: OLS / GLM by IRLS, and lme4-style Laplace ML for multilevel models.</summary>
    Ml,
}
