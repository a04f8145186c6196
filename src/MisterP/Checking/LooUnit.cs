namespace MisterP.Checking;

/// <summary>What one pointwise value of a fit's LOO stands for.</summary>
public enum LooUnit
{
    /// <summary>A respondent (data row): binomial cells split into their y = 1 and y = 0 respondents.</summary>
    Respondent,

    /// <summary>A cell: its whole binomial log density, including log C(n, y) as brms's log_lik does.</summary>
    Cell,
}
