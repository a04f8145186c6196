namespace MisterP.Inference.Classical;

/// <summary>One row of a classical coefficient table (SPEC §2 ml summary.csv).</summary>
public sealed record CoefficientRow(
    string Name,
    double Estimate,
    double StdError,
    double Statistic,
    double PValue,
    double ConfLow,
    double ConfHigh)
{
    /// <summary>Dropped as linearly dependent on earlier columns (R reports NA).</summary>
    public bool Aliased => double.IsNaN(Estimate);
}

/// <summary>A classical (maximum likelihood / least squares) fit of a fixed-effects model.</summary>
public sealed class ClassicalResult
{
    public required IReadOnlyList<CoefficientRow> Coefficients { get; init; }

    /// <summary>Log-likelihood on the original rows (as R's logLik).</summary>
    public required double LogLikelihood { get; init; }

    public required double Deviance { get; init; }

    public required double NullDeviance { get; init; }

    public required double Aic { get; init; }

    /// <summary>Rows − rank.</summary>
    public required double DfResidual { get; init; }

    /// <summary>Residual standard deviation (gaussian), else null.</summary>
    public double? Sigma { get; init; }

    public required double Dispersion { get; init; }

    /// <summary>R² of a least-squares fit (gaussian identity), else null.</summary>
    public double? RSquared { get; init; }

    /// <summary>Adjusted R², as R's summary.lm, else null.</summary>
    public double? AdjustedRSquared { get; init; }

    public required int Iterations { get; init; }

    public required bool Converged { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Covariance of the estimates, p × p row-major in column order (NaN rows/columns for aliased).</summary>
    public required double[] Covariance { get; init; }

    /// <summary>True when the statistic is t (gaussian with estimated dispersion), false for z.</summary>
    public required bool UsesT { get; init; }
}
