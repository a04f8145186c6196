using MisterP.Design;
using MisterP.Families;
using MisterP.Inference.Classical;

namespace MisterP.Inference.Optimization;

/// <summary>
/// Maximum likelihood for multilevel ordinal (cumulative) models, as R's <c>ordinal::clmm</c> (Christensen 2019):
/// the group effects are integrated out by the Laplace approximation with the observed information at the conditional
/// mode (<see cref="LaplaceDeviance"/> with <see cref="CumulativeCells"/>), and thresholds, β and the relative factors θ
/// are optimized jointly by L-BFGS. The thresholds are optimized as c_1 and log(c_k − c_{k−1}), so they stay ordered.
/// Standard errors come, as clmm's, from the Hessian of −log L over all parameters (thresholds, β, and the sds not
/// at zero), inverted, so they include the sds' uncertainty.
/// </summary>
public static class CumulativeMixedModelFit
{
    public static MixedModelResult Fit(ModelDesign design, CancellationToken cancellationToken = default) => Fit(design, null, cancellationToken);

    /// <summary>The fit, with the optimizer started at <paramref name="start"/> when given (else at the sample's shares, β = 0, sds ½).</summary>
    internal static MixedModelResult Fit(ModelDesign design, CumulativeParameters? start, CancellationToken cancellationToken = default)
    {
        var categories = design.Response.Categories ?? throw new ArgumentException("A cumulative design needs categories.", nameof(design));
        var counts = design.Response.CategoryCounts!;
        var k = categories.Count;
        var totals = new double[k];
        for (var i = 0; i < counts.Length; i++)
        {
            totals[i % k] += counts[i];
        }

        var empty = categories.Where((_, j) => totals[j] == 0).ToList();
        if (empty.Count > 0)
        {
            throw new UserInputException(
                $"--method ml needs every category of the outcome in the data, but {string.Join(", ", empty.Select(c => $"'{c}'"))} never occur{(empty.Count == 1 ? "s" : "")}: " +
                "its threshold has no maximum-likelihood estimate. Merge it into a neighbouring category (--levels), or fit with --method nuts, whose threshold prior handles it.");
        }

        var cells = new CumulativeCells(design.Link, k, counts);
        var problem = new LaplaceDeviance(design, fixedPrior: null, likelihood: cells);
        var layout = new Layout(k - 1, design.FixedEffects.ColumnCount, problem.ParameterCount);
        var first = start is null
            ? layout.Start(problem.Start(new double[layout.Fixed]), StartThresholds(design.Link, totals))
            : layout.Start(start.Inner(design, problem), start.Thresholds);

        double Deviance(double[] psi)
        {
            layout.Thresholds(psi, cells.Thresholds);
            return problem.Deviance(layout.Inner(psi));
        }

        double Objective(double[] psi, double[] grad)
        {
            var f = Deviance(psi);
            MixedModelFit.NumericalGradient(Deviance, psi, f, grad);
            return f;
        }

        var result = Lbfgs.Minimize(Objective, first, maxIterations: 500, gradientTolerance: 1e-9, cancellationToken: cancellationToken);
        Deviance(result.Point);
        var inner = problem.SnapToBoundary(layout.Inner(result.Point));
        var thresholds = cells.Thresholds.ToArray();
        var deviance = problem.Deviance(inner);
        var summary = problem.Summarize(inner, deviance, result.Converged);
        var covariance = Covariance(problem, cells, thresholds, inner, layout.Fixed);
        return Assemble(design, summary, thresholds, inner, covariance, deviance, layout);
    }

    /// <summary>The Laplace log-likelihood at given parameters (what clmm's <c>getNLA</c> returns, negated).</summary>
    internal static double LogLikelihoodAt(ModelDesign design, CumulativeParameters parameters)
    {
        var k = design.Response.Categories!.Count;
        var cells = new CumulativeCells(design.Link, k, design.Response.CategoryCounts!);
        var problem = new LaplaceDeviance(design, fixedPrior: null, likelihood: cells);
        parameters.Thresholds.CopyTo(cells.Thresholds);
        return -problem.Deviance(parameters.Inner(design, problem)) / 2;
    }

    /// <summary>Thresholds reproducing the sample's cumulative shares at η = 0.</summary>
    private static double[] StartThresholds(Link link, double[] totals)
    {
        var all = totals.Sum();
        var thresholds = new double[totals.Length - 1];
        var cumulative = 0.0;
        for (var j = 0; j < thresholds.Length; j++)
        {
            cumulative += totals[j];
            var p = Math.Clamp(cumulative / all, 1e-4, 1 - 1e-4);
            thresholds[j] = link == Link.Probit ? MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p) : Math.Log(p / (1 - p));
        }

        return thresholds;
    }

    /// <summary>
    /// 2·H⁻¹ over (thresholds, β, non-zero θ) in those direct coordinates, by central second differences of the
    /// deviance (step 1e-3: the inner Newton solves to 1e-10, so the deviance is smooth far below that scale).
    /// Only the (thresholds, β) block is used; NaN when H is not positive definite.
    /// </summary>
    private static double[] Covariance(LaplaceDeviance problem, CumulativeCells cells, double[] thresholds, double[] inner, int fixedCount)
    {
        var t = thresholds.Length;
        var free = Enumerable.Range(0, t + fixedCount)
            .Concat(Enumerable.Range(fixedCount, inner.Length - fixedCount).Where(i => Math.Abs(inner[i]) > 1e-4).Select(i => t + i))
            .ToArray();
        var point = thresholds.Concat(inner).ToArray();
        double F(double[] x)
        {
            x.AsSpan(0, t).CopyTo(cells.Thresholds);
            return problem.Deviance(x[t..]);
        }

        var n = free.Length;
        var h = new double[n * n];
        var probe = (double[])point.Clone();
        var f0 = F(probe);
        var step = free.Select(i => 1e-3 * Math.Max(1, Math.Abs(point[i]))).ToArray();
        double At(int a, double da, int b, double db)
        {
            probe[free[a]] += da;
            probe[free[b]] += db;
            var value = F(probe);
            probe[free[a]] = point[free[a]];
            probe[free[b]] = point[free[b]];
            return value;
        }

        for (var a = 0; a < n; a++)
        {
            for (var b = a; b < n; b++)
            {
                h[a * n + b] = h[b * n + a] = a == b
                    ? (At(a, step[a], a, 0) - 2 * f0 + At(a, -step[a], a, 0)) / (step[a] * step[a])
                    : (At(a, step[a], b, step[b]) - At(a, step[a], b, -step[b]) - At(a, -step[a], b, step[b]) + At(a, -step[a], b, -step[b])) / (4 * step[a] * step[b]);
            }
        }

        F(point);
        var m = t + fixedCount;
        var chol = Numerics.Cholesky.Factor(h, n);
        if (chol is null)
        {
            return Enumerable.Repeat(double.NaN, m * m).ToArray();
        }

        var inverse = Numerics.Cholesky.Inverse(chol, n);
        var covariance = new double[m * m];
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b < m; b++)
            {
                covariance[a * m + b] = 2 * inverse[a * n + b];
            }
        }

        return covariance;
    }

    private static MixedModelResult Assemble(ModelDesign design, MixedModelResult summary, double[] thresholds, double[] inner, double[] covariance, double deviance, Layout layout)
    {
        var t = thresholds.Length;
        var p = layout.Fixed;
        var m = t + p;
        double Se(int j) => Math.Sqrt(covariance[j * m + j]);
        var rows = new List<CoefficientRow>();
        for (var j = 0; j < t; j++)
        {
            rows.Add(MixedModelFit.Wald($"b_Intercept[{j + 1}]", thresholds[j], Se(j)));
        }

        for (var j = 0; j < p; j++)
        {
            rows.Add(MixedModelFit.Wald("b_" + design.FixedEffects.Names[j], inner[j], Se(t + j)));
        }

        rows.AddRange(summary.Coefficients.Where(c => !c.Name.StartsWith("b_", StringComparison.Ordinal)));
        var fixedCovariance = new double[p * p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++)
            {
                fixedCovariance[a * p + b] = covariance[(t + a) * m + t + b];
            }
        }

        var parameters = t + inner.Length;
        var n = design.Response.RowsPerCell.Sum();
        return new MixedModelResult
        {
            Coefficients = rows,
            FixedEffectCovariance = fixedCovariance,
            GroupEffects = summary.GroupEffects,
            LogLikelihood = -deviance / 2,
            Aic = deviance + 2 * parameters,
            Bic = deviance + Math.Log(n) * parameters,
            DfResidual = n - parameters,
            Singular = summary.Singular,
            Converged = summary.Converged,
            Warnings = summary.Warnings,
        };
    }

    /// <summary>The optimizer's vector: c_1, log(c_k − c_{k−1}) for k = 2..K−1, then LaplaceDeviance's (β, θ).</summary>
    private sealed record Layout(int ThresholdCount, int Fixed, int InnerCount)
    {
        public double[] Start(double[] inner, double[] thresholds)
        {
            var psi = new double[ThresholdCount + InnerCount];
            psi[0] = thresholds[0];
            for (var j = 1; j < ThresholdCount; j++)
            {
                psi[j] = Math.Log(Math.Max(thresholds[j] - thresholds[j - 1], 1e-3));
            }

            inner.CopyTo(psi, ThresholdCount);
            return psi;
        }

        public void Thresholds(double[] psi, Span<double> thresholds)
        {
            thresholds[0] = psi[0];
            for (var j = 1; j < ThresholdCount; j++)
            {
                thresholds[j] = thresholds[j - 1] + Math.Exp(psi[j]);
            }
        }

        public double[] Inner(double[] psi) => psi[ThresholdCount..];
    }
}

/// <summary>A point of a cumulative mixed model: thresholds, β (fixed-effect column order) and each group sd by name (<c>sd_state__Intercept</c>).</summary>
internal sealed record CumulativeParameters(double[] Thresholds, double[] Beta, IReadOnlyDictionary<string, double> Sds)
{
    /// <summary>LaplaceDeviance's (β, θ) with the relative factors' diagonals at the sds (off-diagonals 0).</summary>
    public double[] Inner(ModelDesign design, LaplaceDeviance problem)
    {
        var p = design.FixedEffects.ColumnCount;
        var inner = new double[problem.ParameterCount];
        Beta.CopyTo(inner, 0);
        for (var k = 0; k < design.GroupTerms.Count; k++)
        {
            var term = design.GroupTerms[k];
            for (var a = 0; a < term.CoefficientCount; a++)
            {
                inner[p + problem.FactorIndex(k, a, a)] = Sds[$"sd_{term.Name}__{term.CoefficientNames[a]}"];
            }
        }

        return inner;
    }
}
