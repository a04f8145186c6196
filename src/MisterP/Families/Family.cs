namespace MisterP.Families;

/// <summary>Response distribution of a (hierarchical) generalized linear model.</summary>
public enum Family
{
    Bernoulli,
    Binomial,
    Gaussian,
    Poisson,
    NegativeBinomial,

    /// <summary>Ordered categories: P(y ≤ k) = F(c_k − η) with K − 1 ordered thresholds (brms <c>cumulative</c>).</summary>
    Cumulative,
}

/// <summary>Link from the linear predictor η to the mean μ.</summary>
public enum Link
{
    Identity,
    Log,
    Logit,
    Probit,
    CLogLog,
}
