namespace MisterP.Families;

/// <summary>Response distribution of a (hierarchical) generalized linear model.</summary>
public enum Family
{
    Bernoulli,
    Binomial,
    Gaussian,
    Poisson,
    NegativeBinomial,
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
