using MisterP.Design;
using MisterP.Models;
using MisterP.Numerics;
using MisterP.Posterior;
using MisterP.Priors;

namespace MisterP.Inference.Optimization;

/// <summary>
/// <c>--method laplace</c> for multilevel models, the approximation INLA, TMB/glmmTMB and lme4 users expect rather
/// than a Gaussian at the joint mode (which for hierarchical models sits where the sds collapse or blow up): the
/// fixed and group effects are integrated out by a Laplace approximation given the variance parameters θ
/// (<see cref="HyperparameterPosterior"/>, log p̃(θ | y)), then
/// <list type="number">
/// <item>θ̂ = argmax log p̃(θ | y) by L-BFGS (central-difference gradient: θ has a handful of coordinates) and the
/// Hessian there by second differences;</item>
/// <item>θ is drawn from a skewed heavy-tailed fit around θ̂ (<see cref="SkewedProposal"/>) and importance-resampled
/// to p̃(θ | y) (Rubin 1988), since a Gaussian for θ misses the skew of log σ for sds near zero;</item>
/// <item>each draw's (β, z) | θ, y comes from the Gaussian N(v̂(θ), A(θ)⁻¹) at the conditional mode (Rue, Martino
/// &amp; Chopin 2009, §3; INLA's posterior sampling), one fresh draw per output even where θ repeats.</item>
/// </list>
/// Draws are positions of the <see cref="HierarchicalGlm"/>, reported through its outputs (the same names and layout
/// as NUTS draws) with its log density as lp__. Gaussian identity models are exact given θ. Every random number is
/// drawn on the calling thread in a fixed order and the parallel parts are deterministic per item, so the output is
/// bit-identical whatever the thread count.
/// </summary>
public static class NestedLaplaceApproximation
{
    // Steps on θ's log / CPC scale: central-difference gradient and second-difference Hessian (the objective carries
    // ~1e-9 noise from the inner Newton tolerance, so these balance truncation against noise).
    private const double GradientStep = 1e-4;
    private const double HessianStep = 1e-2;

    // While sampling, Newton stops at steps below 1e-5 (the step taken, the next would be ~1e-10): the
    // log-determinant is then off by ~1e-5·|∇log det|, far below what changes an importance weight.
    private const double SamplingNewtonTolerance = 1e-5;

    /// <summary>Below this share of effective proposals the correction is too thin to trust.</summary>
    private const double LowImportanceEfficiency = 0.1;

    public static LaplaceResult Fit(
        ModelDesign design,
        PriorSet priors,
        int draws,
        ulong seed,
        int? threads = null,
        CancellationToken cancellationToken = default)
    {
        if (design.GroupTerms.Count == 0)
        {
            throw new ArgumentException("The nested approximation is for models with group terms.", nameof(design));
        }

        if (draws < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(draws), draws, "At least one draw is needed.");
        }

        var posterior = new HyperparameterPosterior(design, priors);
        var (optimum, hessian) = FindMode(posterior, cancellationToken);
        var mode = optimum.Point;
        var proposal = SkewedProposal.Fit(theta => posterior.LogDensity(theta), mode, hessian) ?? throw new UserInputException(
            "The Laplace approximation found no peak in the posterior of the group sds (its curvature there is not positive), " +
            "typically because the data say almost nothing about some sd. Use --method nuts, which handles such posteriors.");

        var warnings = new List<string>();
        if (!optimum.Converged)
        {
            warnings.Add("The optimizer did not fully converge to the mode of the group sds' posterior; the Laplace approximation may be poor. Use --method nuts.");
        }

        var logDensityAtMode = posterior.LogDensity(mode);
        var modeInner = posterior.InnerMode.ToArray();
        var modePosition = new double[posterior.PositionLength];
        posterior.WriteConditionalMode(mode, modePosition);

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, threads ?? Environment.ProcessorCount),
            CancellationToken = cancellationToken,
        };
        var random = Xoshiro256.ForChain(seed, 0);
        var batch = ProposalBatch.Draw(posterior, proposal, modeInner, draws, random, parallel);
        var source = ImportanceResampling.Systematic(batch.LogWeights, draws, random, out var effectiveSize);
        if (effectiveSize < LowImportanceEfficiency * draws)
        {
            warnings.Add($"The Laplace approximation's importance correction kept only {effectiveSize:0} effective of {draws} draws of the group sds: " +
                "their posterior is far from the approximation. Use --method nuts.");
        }

        var positions = batch.PositionsFor(source, random, parallel);
        var model = new HierarchicalGlm(design, priors);
        var names = model.OutputNames;
        var width = names.Count;
        var values = new double[draws * width];
        var lp = new double[draws];
        var length = posterior.PositionLength;
        Parallel.For(0, draws, parallel, () => (Model: model.Fork(), Gradient: new double[length]), (s, _, local) =>
        {
            var position = positions.AsSpan(s * length, length);
            lp[s] = local.Model.LogDensityGradient(position, local.Gradient);
            ((IConstrainedOutputs)local.Model).WriteOutputs(position, values.AsSpan(s * width, width));
            return local;
        }, _ => { });

        return new LaplaceResult
        {
            Draws = new PosteriorDraws(names, [values], ["lp__"], [lp], draws),
            Mode = modePosition,
            LogDensityAtMode = logDensityAtMode,
            Covariance = Cholesky.Inverse(Cholesky.Factor(hessian, mode.Length)!, mode.Length),
            CovarianceNames = posterior.Names,
            Iterations = optimum.Iterations,
            Converged = optimum.Converged,
            ImportanceEffectiveSize = effectiveSize,
            Warnings = warnings,
        };
    }

    /// <summary>θ̂ and −∇²log p̃ there (row-major).</summary>
    private static (MinimizationResult Optimum, double[] Hessian) FindMode(HyperparameterPosterior posterior, CancellationToken cancellationToken)
    {
        var d = posterior.Dimension;
        var start = posterior.Start();
        var reference = posterior.LogDensity(start);
        if (!double.IsFinite(reference))
        {
            throw new InvalidOperationException("The Laplace approximation could not be evaluated at its starting point.");
        }

        // Minimize −(log p̃ − log p̃(start)) so the optimizer's relative tolerances see values of order one.
        double Objective(double[] theta)
        {
            var value = posterior.LogDensity(theta);
            return double.IsFinite(value) ? reference - value : double.PositiveInfinity;
        }

        var probe = new double[d];
        double ValueAndGradient(double[] theta, double[] gradient)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var f = Objective(theta);
            theta.CopyTo(probe, 0);
            for (var i = 0; i < d; i++)
            {
                probe[i] = theta[i] + GradientStep;
                var plus = Objective(probe);
                probe[i] = theta[i] - GradientStep;
                var minus = Objective(probe);
                probe[i] = theta[i];
                gradient[i] = double.IsFinite(plus) && double.IsFinite(minus) ? (plus - minus) / (2 * GradientStep) : 0;
            }

            return f;
        }

        var optimum = Lbfgs.Minimize(ValueAndGradient, start, maxIterations: 500, gradientTolerance: 1e-6, cancellationToken: cancellationToken);
        return (optimum, Hessian(Objective, optimum.Point, cancellationToken));
    }

    /// <summary>∇²f at <paramref name="x"/> by second differences of f (symmetric by construction).</summary>
    private static double[] Hessian(Func<double[], double> f, double[] x, CancellationToken cancellationToken)
    {
        var d = x.Length;
        var h = new double[d * d];
        var probe = (double[])x.Clone();
        var f0 = f(probe);
        double At(int a, double da, int b, double db)
        {
            probe[a] += da;
            probe[b] += db;
            var value = f(probe);
            probe[a] = x[a];
            probe[b] = x[b];
            return value;
        }

        const double step = HessianStep;
        for (var a = 0; a < d; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            h[a * d + a] = (At(a, step, a, 0) - 2 * f0 + At(a, -step, a, 0)) / (step * step);
            for (var b = 0; b < a; b++)
            {
                var value = (At(a, step, b, step) - At(a, step, b, -step) - At(a, -step, b, step) + At(a, -step, b, -step)) / (4 * step * step);
                h[a * d + b] = h[b * d + a] = value;
            }
        }

        return h;
    }

    /// <summary>
    /// The proposals θᵢ with their importance log weights, conditional modes and one conditional draw of (β, z) each
    /// (as hierarchical-model positions), so resampled draws need new work only where a θ is kept more than once.
    /// </summary>
    private sealed class ProposalBatch
    {
        private readonly HyperparameterPosterior _posterior;
        private readonly double[] _thetas;
        private readonly double[] _innerModes;
        private readonly double[] _positions;
        private readonly int _d;
        private readonly int _m;
        private readonly int _length;

        private ProposalBatch(HyperparameterPosterior posterior, int count)
        {
            _posterior = posterior;
            _d = posterior.Dimension;
            _m = posterior.InnerCount;
            _length = posterior.PositionLength;
            _thetas = new double[count * _d];
            _innerModes = new double[count * _m];
            _positions = new double[count * _length];
            LogWeights = new double[count];
        }

        /// <summary>log p̃(θᵢ | y) − log q(θᵢ), −∞ where p̃ could not be evaluated.</summary>
        public double[] LogWeights { get; }

        public static ProposalBatch Draw(
            HyperparameterPosterior posterior,
            SkewedProposal proposal,
            double[] modeInner,
            int count,
            Xoshiro256 random,
            ParallelOptions parallel)
        {
            var batch = new ProposalBatch(posterior, count);
            var (d, m, length) = (batch._d, batch._m, batch._length);
            var logProposal = new double[count];
            for (var i = 0; i < count; i++)
            {
                logProposal[i] = proposal.Draw(random, batch._thetas.AsSpan(i * d, d));
            }

            var normals = StandardNormals(random, count * m);
            Parallel.For(0, count, parallel, () => ForSampling(posterior), (i, _, local) =>
            {
                var theta = batch._thetas.AsSpan(i * d, d);
                local.StartInnerFrom(modeInner);
                var logDensity = local.LogDensity(theta);
                if (!double.IsFinite(logDensity))
                {
                    batch.LogWeights[i] = double.NegativeInfinity;
                    return local;
                }

                batch.LogWeights[i] = logDensity - logProposal[i];
                local.InnerMode.CopyTo(batch._innerModes.AsSpan(i * m, m));
                local.WriteConditionalDraw(theta, normals.AsSpan(i * m, m), batch._positions.AsSpan(i * length, length));
                return local;
            }, _ => { });
            return batch;
        }

        /// <summary>
        /// Positions for the resampled proposals <paramref name="source"/> (row-major, one per output draw): the first
        /// use of a proposal takes its stored draw, later ones fresh conditional draws at its mode.
        /// </summary>
        public double[] PositionsFor(int[] source, Xoshiro256 random, ParallelOptions parallel)
        {
            var (m, length) = (_m, _length);
            var positions = new double[source.Length * length];
            var used = new bool[LogWeights.Length];
            var extra = new List<int>();
            for (var s = 0; s < source.Length; s++)
            {
                var i = source[s];
                if (used[i])
                {
                    extra.Add(s);
                    continue;
                }

                used[i] = true;
                _positions.AsSpan(i * length, length).CopyTo(positions.AsSpan(s * length, length));
            }

            var normals = StandardNormals(random, extra.Count * m);
            var bySource = extra.Select((s, k) => (Draw: s, Normals: k)).GroupBy(e => source[e.Draw]).ToArray();
            Parallel.For(0, bySource.Length, parallel, () => ForSampling(_posterior), (g, _, local) =>
            {
                var i = bySource[g].Key;
                var theta = _thetas.AsSpan(i * _d, _d);
                local.StartInnerFrom(_innerModes.AsSpan(i * m, m));
                local.LogDensity(theta);
                foreach (var (s, k) in bySource[g])
                {
                    local.WriteConditionalDraw(theta, normals.AsSpan(k * m, m), positions.AsSpan(s * length, length));
                }

                return local;
            }, _ => { });
            return positions;
        }

        private static HyperparameterPosterior ForSampling(HyperparameterPosterior posterior)
        {
            var fork = posterior.Fork();
            fork.NewtonTolerance = SamplingNewtonTolerance;
            return fork;
        }

        private static double[] StandardNormals(Xoshiro256 random, int count)
        {
            var normals = new double[count];
            for (var k = 0; k < count; k++)
            {
                normals[k] = random.Normal();
            }

            return normals;
        }
    }
}
