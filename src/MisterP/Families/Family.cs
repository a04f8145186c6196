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

    /// <summary>
    /// Unordered categories on rows, baseline-category logit: P(y = k) = exp(η_k) / Σ_j exp(η_j) with η of the first
    /// (reference) category 0 and one linear predictor per other category (brms <c>categorical</c>).
    /// </summary>
    Categorical,

    /// <summary>Counts per category (<c>cbind(A, B, C, …)</c>, three or more columns), the same softmax as <see cref="Categorical"/> (brms <c>multinomial</c>).</summary>
    Multinomial,
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
