using MisterP.Design;
using MisterP.Families;
using MisterP.Inference.Classical;

namespace MisterP.Inference.Optimization;

/// <summary>
/// Maximum likelihood for multilevel GLMs by the Laplace approximation of the marginal likelihood (Bates et al.
/// 2015, §5; lme4's glmer with nAGQ = 1, and exact for gaussian identity models): with u = Λ(θ)z, z ~ N(0, I),
/// −2 log L(β, θ) ≈ −2ℓ(y | β, Λẑ) + ẑᵀẑ + log det(I + ΛᵀZᵀWZΛ), ẑ the conditional mode found by Newton
/// (penalized IRLS). β and θ (each term's lower-triangular relative factor, diagonals allowed to reach 0) are
/// optimized jointly by L-BFGS; sds at 0 are reported as a singular fit.
/// </summary>
public static class MixedModelFit
{
    public static MixedModelResult Fit(ModelDesign design, CancellationToken cancellationToken = default)
    {
        if (design.Family == Family.NegativeBinomial)
        {
            throw new UserInputException("--method ml fits negative binomial models without group terms only; use --method nuts for this model.");
        }

        var problem = new LaplaceDeviance(design);
        var start = problem.Start(ClassicalStart(design));
        double Objective(double[] psi, double[] grad)
        {
            if (problem.HasAnalyticGradient)
            {
                return problem.Deviance(psi, grad);
            }

            var f = problem.Deviance(psi);
            NumericalGradient(problem.Deviance, psi, f, grad);
            return f;
        }

        var result = Lbfgs.Minimize(Objective, start, maxIterations: 500, gradientTolerance: 1e-9, cancellationToken: cancellationToken);
        // Polish boundary components: sds that the optimizer drove near zero are tried at exactly zero.
        var psi = problem.SnapToBoundary(result.Point);
        var deviance = problem.Deviance(psi);
        return problem.Summarize(psi, deviance, result.Converged);
    }

    private static double[] ClassicalStart(ModelDesign design)
    {
        try
        {
            var fixedOnly = design.WithoutGroupTerms();
            return ClassicalFit.Fit(fixedOnly).Coefficients.Select(c => double.IsNaN(c.Estimate) ? 0 : c.Estimate).ToArray();
        }
        catch (UserInputException)
        {
            return new double[design.FixedEffects.ColumnCount];
        }
    }

    /// <summary>Central differences (the objective needs an inner optimization, so no analytic gradient here).</summary>
    internal static void NumericalGradient(Func<double[], double> f, double[] x, double fx, double[] grad)
    {
        var probe = (double[])x.Clone();
        for (var i = 0; i < x.Length; i++)
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            probe[i] = x[i] + h;
            var plus = f(probe);
            probe[i] = x[i] - h;
            var minus = f(probe);
            probe[i] = x[i];
            grad[i] = double.IsFinite(plus) && double.IsFinite(minus) ? (plus - minus) / (2 * h) : 0;
        }

        _ = fx;
    }

    internal static CoefficientRow Wald(string name, double estimate, double se)
    {
        var z = estimate / se;
        var p = double.IsNaN(z) ? double.NaN : 2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Math.Abs(z));
        return new CoefficientRow(name, estimate, se, z, p, estimate - 1.959963984540054 * se, estimate + 1.959963984540054 * se);
    }
}
