using MisterP.Models;
using MisterP.Numerics;
using MisterP.Posterior;

namespace MisterP.Inference.Optimization;

/// <summary>A Gaussian (or nested Gaussian) approximation at a posterior mode and draws from it.</summary>
public sealed class LaplaceResult
{
    /// <summary>One chain of draws (outputs when the density has them); sampler statistics: lp__ only.</summary>
    public required PosteriorDraws Draws { get; init; }

    /// <summary>
    /// The unconstrained position at the mode: the joint mode, or for the nested approximation the mode of the
    /// variance parameters' marginal posterior with the other parameters at their conditional mode there.
    /// </summary>
    public required double[] Mode { get; init; }

    /// <summary>Log density at the mode (nested: log p̃(θ̂ | y) up to a constant).</summary>
    public required double LogDensityAtMode { get; init; }

    /// <summary>Covariance of the Gaussian, row-major, over <see cref="CovarianceNames"/> (unconstrained scale).</summary>
    public required double[] Covariance { get; init; }

    /// <summary>The coordinates <see cref="Covariance"/> is over: all of them, or for the nested approximation θ's.</summary>
    public required IReadOnlyList<string> CovarianceNames { get; init; }

    public required int Iterations { get; init; }

    public required bool Converged { get; init; }

    /// <summary>Nested approximation: Kish's effective size of the importance weights of θ's proposals (one per draw); null otherwise.</summary>
    public double? ImportanceEffectiveSize { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }
}

/// <summary>
/// <c>--method laplace</c> for models without group terms: the joint posterior mode by L-BFGS on the unconstrained scale, the Hessian there by central
/// differences of the analytic gradient, and draws x = mode + L⁻ᵀz with −H = LLᵀ (as Stan's laplace method).
/// </summary>
public static class LaplaceApproximation
{
    public static LaplaceResult Fit(ILogDensity density, int draws, ulong seed, CancellationToken cancellationToken = default)
    {
        var n = density.Dimension;
        var random = Xoshiro256.ForChain(seed, 0);
        var gradient = new double[n];
        MinimizationResult? best = null;
        for (var attempt = 0; attempt < 5 && best is not { Converged: true }; attempt++)
        {
            var start = attempt == 0 ? new double[n] : Enumerable.Range(0, n).Select(_ => 4 * random.Uniform() - 2).ToArray();
            try
            {
                var result = Lbfgs.Minimize((x, g) =>
                {
                    var lp = density.LogDensityGradient(x, g);
                    for (var i = 0; i < g.Length; i++)
                    {
                        g[i] = -g[i];
                    }

                    return double.IsNaN(lp) ? double.PositiveInfinity : -lp;
                }, start, cancellationToken: cancellationToken);
                if (best is null || result.Value < best.Value)
                {
                    best = result;
                }
            }
            catch (InvalidOperationException)
            {
                // Non-finite start: try another.
            }
        }

        if (best is null)
        {
            throw new InvalidOperationException("No starting point with a finite log density was found for the Laplace approximation.");
        }

        var warnings = new List<string>();
        if (!best.Converged)
        {
            warnings.Add("The optimizer did not fully converge to the posterior mode; the Laplace approximation may be poor. Use --method nuts.");
        }

        var precision = NegativeHessian(density, best.Point, cancellationToken);
        var cholesky = Cholesky.Factor(precision, n) ?? throw new UserInputException(
            "The posterior is not locally Gaussian at its mode (the Hessian is not negative definite), typically because a group sd sits at zero. " +
            "Use --method nuts, which handles such posteriors.");
        var covariance = Cholesky.Inverse(cholesky, n);

        var outputs = density as IConstrainedOutputs;
        var width = outputs?.OutputNames.Count ?? n;
        var values = new double[draws * width];
        var lp = new double[draws];
        var z = new double[n];
        var x = new double[n];
        for (var d = 0; d < draws; d++)
        {
            for (var i = 0; i < n; i++)
            {
                z[i] = random.Normal();
            }

            // Solve Lᵀw = z, so Cov(w) = (LLᵀ)⁻¹.
            for (var i = n - 1; i >= 0; i--)
            {
                var s = z[i];
                for (var k = i + 1; k < n; k++)
                {
                    s -= cholesky[k * n + i] * x[k];
                }

                x[i] = s / cholesky[i * n + i];
            }

            for (var i = 0; i < n; i++)
            {
                x[i] += best.Point[i];
            }

            lp[d] = density.LogDensityGradient(x, gradient);
            var row = values.AsSpan(d * width, width);
            if (outputs is not null)
            {
                outputs.WriteOutputs(x, row);
            }
            else
            {
                x.CopyTo(row);
            }

            Array.Clear(x);
        }

        var names = outputs?.OutputNames ?? density.ParameterNames;
        return new LaplaceResult
        {
            Draws = new PosteriorDraws(names, [values], ["lp__"], [lp], draws),
            Mode = best.Point,
            LogDensityAtMode = -best.Value,
            Covariance = covariance,
            CovarianceNames = density.ParameterNames,
            Iterations = best.Iterations,
            Converged = best.Converged,
            Warnings = warnings,
        };
    }

    /// <summary>−∇²log p by central differences of the analytic gradient, symmetrized.</summary>
    internal static double[] NegativeHessian(ILogDensity density, double[] mode, CancellationToken cancellationToken)
    {
        var n = mode.Length;
        var h = new double[n * n];
        var plus = new double[n];
        var minus = new double[n];
        var x = (double[])mode.Clone();
        for (var j = 0; j < n; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = 1e-5 * Math.Max(1, Math.Abs(mode[j]));
            x[j] = mode[j] + step;
            density.LogDensityGradient(x, plus);
            x[j] = mode[j] - step;
            density.LogDensityGradient(x, minus);
            x[j] = mode[j];
            for (var i = 0; i < n; i++)
            {
                h[i * n + j] = -(plus[i] - minus[i]) / (2 * step);
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var m = 0.5 * (h[i * n + j] + h[j * n + i]);
                h[i * n + j] = h[j * n + i] = m;
            }
        }

        return h;
    }
}
