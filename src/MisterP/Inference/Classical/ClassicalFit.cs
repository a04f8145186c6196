using MathNet.Numerics.Distributions;
using MisterP.Design;
using MisterP.Families;

namespace MisterP.Inference.Classical;

/// <summary>
/// Maximum likelihood for fixed-effects models as R fits them: least squares (lm) for gaussian identity, and
/// iteratively reweighted least squares (glm.fit: same start values, convergence rule and rank handling) for the
/// other families. Works on aggregated cells: cell means with cell sizes as prior weights give the row-level
/// estimates exactly, and the parameter-free row terms (<see cref="ResponseData.LogLikelihoodConstant"/>) make
/// the log-likelihood equal R's.
/// </summary>
public static class ClassicalFit
{
    private const int MaxIterations = 25;
    private const double Tolerance = 1e-8;

    public static ClassicalResult Fit(ModelDesign design, double confidence = 0.95)
    {
        if (design.GroupTerms.Count > 0)
        {
            throw new ArgumentException("ClassicalFit handles fixed-effects designs; use MixedModelFit for group terms.", nameof(design));
        }

        if (design.Family == Family.NegativeBinomial)
        {
            throw new UserInputException("--method ml does not fit negative binomial models; use --method nuts (or laplace), or --family poisson.");
        }

        var cells = CellData.From(design);
        var p = design.FixedEffects.ColumnCount;
        var x = design.FixedEffects.X;
        var (beta, qr, mu, iterations, converged) = Irls(design.Family, design.Link, cells, x, p);
        var warnings = new List<string>();
        if (!converged)
        {
            warnings.Add($"The IRLS algorithm did not converge in {MaxIterations} iterations; estimates may be unreliable. Check for separation or rescale predictors.");
        }

        if (design.Family is Family.Binomial or Family.Bernoulli && mu.Any(m => m < 10 * 2.22e-16 || m > 1 - 10 * 2.22e-16))
        {
            warnings.Add("Fitted probabilities numerically 0 or 1 occurred: a predictor (or combination) separates the outcome, so some estimates diverge. " +
                         "A Bayesian fit (--method nuts) regularizes them through its priors.");
        }

        var logLik = LogLikelihood(design, cells, mu);
        var rows = design.Response.RowsPerCell.Sum();
        var rank = qr.Rank;
        var dfResidual = rows - rank;
        var gaussian = design.Family == Family.Gaussian;
        var rss = gaussian ? cells.ResidualSumOfSquares(mu) : double.NaN;
        var dispersion = gaussian ? rss / dfResidual : 1;
        var deviance = Deviance(design, cells, mu, logLik, rss);
        var nullMu = NullFit(design, cells);
        var nullDeviance = Deviance(design, cells, nullMu, LogLikelihood(design, cells, nullMu), gaussian ? cells.ResidualSumOfSquares(nullMu) : double.NaN);
        var aic = -2 * logLik + 2 * (rank + (gaussian ? 1 : 0));
        double? rSquared = null, adjusted = null;
        if (gaussian && design.Link == Link.Identity)
        {
            // The null fit's residual sum of squares is the total sum of squares (about the mean with an intercept).
            var interceptDf = design.FixedEffects.InterceptIndex >= 0 ? 1 : 0;
            rSquared = 1 - rss / cells.ResidualSumOfSquares(nullMu);
            adjusted = 1 - (1 - rSquared) * ((rows - interceptDf) / dfResidual);
        }

        if (gaussian && dfResidual <= 0)
        {
            warnings.Add($"No residual degrees of freedom ({rows} rows, {rank} estimable coefficients): the fit is exact and standard errors are undefined. Use more data or fewer terms.");
        }

        var aliased = design.FixedEffects.Names.Where((_, j) => double.IsNaN(beta[j])).Select(n => "b_" + n).ToList();
        if (aliased.Count > 0)
        {
            warnings.Add($"{string.Join(", ", aliased)} {(aliased.Count == 1 ? "is" : "are")} aliased (a linear combination of earlier columns) and dropped, reported as NA as R does. " +
                         "A Bayesian fit (--method nuts) keeps such terms, identified by their priors.");
        }

        var covariance = qr.UnscaledCovariance(p).Select(v => v * dispersion).ToArray();
        var quantile = !gaussian ? Normal.Quantile(0.5 + confidence / 2)
            : dfResidual > 0 ? StudentT.InvCDF(0, 1, dfResidual, 0.5 + confidence / 2) : double.NaN;
        var rowsOut = design.FixedEffects.Names.Select((name, j) =>
        {
            var estimate = beta[j];
            var se = Math.Sqrt(covariance[j * p + j]);
            var statistic = estimate / se;
            var pValue = double.IsNaN(statistic) || (gaussian && dfResidual <= 0) ? double.NaN
                : gaussian ? 2 * StudentT.CDF(0, 1, dfResidual, -Math.Abs(statistic))
                : 2 * Normal.Cdf(-Math.Abs(statistic));
            return new CoefficientRow("b_" + name, estimate, se, statistic, pValue, estimate - quantile * se, estimate + quantile * se);
        }).ToList();

        return new ClassicalResult
        {
            Coefficients = rowsOut,
            LogLikelihood = logLik,
            Deviance = deviance,
            NullDeviance = nullDeviance,
            Aic = aic,
            DfResidual = dfResidual,
            Sigma = gaussian ? Math.Sqrt(dispersion) : null,
            RSquared = rSquared,
            AdjustedRSquared = adjusted,
            Dispersion = dispersion,
            Iterations = iterations,
            Converged = converged,
            Warnings = warnings,
            Covariance = covariance,
            UsesT = gaussian,
        };
    }

    /// <summary>glm.fit's IRLS loop (R's family.R / glm.R), with step halving when the deviance is not finite.</summary>
    private static (double[] Beta, PivotedQr Qr, double[] Mu, int Iterations, bool Converged) Irls(Family family, Link link, CellData cells, double[] x, int p)
    {
        var n = cells.Count;
        var eta = new double[n];
        var mu = new double[n];
        for (var i = 0; i < n; i++)
        {
            var start = family switch
            {
                Family.Binomial or Family.Bernoulli => (cells.PriorWeight[i] * cells.Y[i] + 0.5) / (cells.PriorWeight[i] + 1),
                Family.Poisson => cells.Y[i] + 0.1,
                _ => cells.Y[i],
            };
            eta[i] = LinkFunctions.Apply(link, start);
            mu[i] = LinkFunctions.Inverse(link, eta[i]);
        }

        var devianceOld = cells.UnitDeviance(family, mu);
        var z = new double[n];
        var wx = new double[n * p];
        double[] beta = [];
        PivotedQr? qr = null;
        var converged = false;
        var iteration = 0;
        for (iteration = 1; iteration <= MaxIterations; iteration++)
        {
            for (var i = 0; i < n; i++)
            {
                var d = LinkFunctions.MuEta(link, eta[i]);
                var variance = Variance(family, mu[i]);
                var w = Math.Sqrt(cells.PriorWeight[i] * d * d / variance);
                z[i] = w * (eta[i] - cells.Offset[i] + (cells.Y[i] - mu[i]) / d);
                for (var j = 0; j < p; j++)
                {
                    wx[i * p + j] = w * x[i * p + j];
                }
            }

            qr = PivotedQr.Factor(wx, n, p);
            var candidate = qr.Solve(z, p);
            var step = candidate;
            double deviance;
            var halvings = 0;
            while (true)
            {
                for (var i = 0; i < n; i++)
                {
                    var e = cells.Offset[i];
                    for (var j = 0; j < p; j++)
                    {
                        if (!double.IsNaN(step[j]))
                        {
                            e += x[i * p + j] * step[j];
                        }
                    }

                    eta[i] = e;
                    mu[i] = LinkFunctions.Inverse(link, e);
                }

                deviance = cells.UnitDeviance(family, mu);
                if (double.IsFinite(deviance) || beta.Length == 0 || halvings++ > 30)
                {
                    break;
                }

                step = step.Select((s, j) => double.IsNaN(s) ? s : (s + beta[j]) / 2).ToArray();
            }

            beta = step;
            if (Math.Abs(deviance - devianceOld) / (Math.Abs(deviance) + 0.1) < Tolerance)
            {
                converged = true;
                break;
            }

            devianceOld = deviance;
        }

        return (beta, qr!, mu, Math.Min(iteration, MaxIterations), converged);
    }

    private static double Variance(Family family, double mu) => family switch
    {
        Family.Binomial or Family.Bernoulli => Math.Max(mu * (1 - mu), 1e-300),
        Family.Poisson => mu,
        _ => 1,
    };

    private static double[] NullFit(ModelDesign design, CellData cells)
    {
        var n = cells.Count;
        if (design.FixedEffects.InterceptIndex < 0)
        {
            return cells.Offset.Select(o => LinkFunctions.Inverse(design.Link, o)).ToArray();
        }

        return Irls(design.Family, design.Link, cells, Enumerable.Repeat(1.0, n).ToArray(), 1).Mu;
    }

    private static double LogLikelihood(ModelDesign design, CellData cells, double[] mu)
    {
        var r = design.Response;
        var weights = r.Weights;
        var sum = 0.0;
        switch (design.Family)
        {
            case Family.Binomial or Family.Bernoulli:
                for (var i = 0; i < cells.Count; i++)
                {
                    var k = r.Y[i];
                    var n = r.Trials[i];
                    var term = (k > 0 ? k * Math.Log(mu[i]) : 0) + (n - k > 0 ? (n - k) * Math.Log(1 - mu[i]) : 0);
                    sum += (weights?[i] ?? 1) * term;
                }

                return sum + r.LogLikelihoodConstant;
            case Family.Poisson:
                for (var i = 0; i < cells.Count; i++)
                {
                    sum += (weights?[i] ?? 1) * ((r.Y[i] > 0 ? r.Y[i] * Math.Log(mu[i]) : 0) - r.RowsPerCell[i] * mu[i]);
                }

                return sum + r.LogLikelihoodConstant;
            default:
                var rows = r.RowsPerCell.Sum();
                var rss = cells.ResidualSumOfSquares(mu);
                var logWeights = weights?.Sum(w => w > 0 ? Math.Log(w) : 0) ?? 0;
                return r.LogLikelihoodConstant - 0.5 * rows * Math.Log(rss / rows) - 0.5 * rows + 0.5 * logWeights;
        }
    }

    /// <summary>
    /// Deviance as R reports it on the original rows: −2ℓ for Bernoulli rows (their saturated log-likelihood is 0),
    /// the residual sum of squares for gaussian, and the cell-level deviance otherwise.
    /// </summary>
    private static double Deviance(ModelDesign design, CellData cells, double[] mu, double logLik, double rss)
    {
        if (design.Family == Family.Gaussian)
        {
            return rss;
        }

        var bernoulliRows = design.Family == Family.Bernoulli ||
                            (design.Family == Family.Binomial && design.Response.Trials.Zip(design.Response.RowsPerCell).All(t => t.First == t.Second));
        return bernoulliRows && design.Response.Weights is null
            ? -2 * (logLik - design.Response.LogLikelihoodConstant)
            : cells.UnitDeviance(design.Family, mu);
    }
}
