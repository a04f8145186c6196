using MisterP.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MisterP.Design;
using MisterP.Families;
using MisterP.Inference.Classical;

namespace MisterP.Inference.Optimization;

/// <summary>
/// The Laplace approximation of a multilevel GLM's integral over its group effects: with u = Λ(θ)z, z ~ N(0, I),
/// log ∫ p(y | v) p(v) dv ≈ h(v̂) − ½ log det A, h the penalized log-likelihood, v̂ its mode found by Newton
/// (penalized IRLS) and A = −∇²h there with the expected information as the weights (lme4's PIRLS; the observed
/// Hessian for canonical links). Two uses:
/// <list type="bullet">
/// <item>maximum likelihood (glmer, nAGQ = 1): v = z, β profiled into ψ = (β, θ[, log σ]); <see cref="Deviance"/>;</item>
/// <item>the Bayesian nested approximation (INLA, Rue et al. 2009; TMB's Laplace with β among the random effects,
/// as glmmTMB's REML, Kristensen et al. 2016): v = (z, β) with β's prior in h; <see cref="LogMarginal"/> given the
/// relative factors, and <see cref="SampleConditional"/> from the Gaussian N(v̂, A⁻¹).</item>
/// </list>
/// The mode is kept between calls as a warm start (the outer optimizer probes nearby points).
/// </summary>
internal sealed partial class LaplaceDeviance
{
    private readonly ModelDesign _design;
    private readonly FixedEffectPrior? _fixedPrior;
    private readonly int _p;

    // Inner vector v: (z, β) when β is integrated, z alone otherwise; β starts at _betaStart (= q). Terms are laid out
    // in _termOrder, the one with the most effects first: its block of A is block-diagonal (one level per cell), which
    // the blocked Cholesky skips over (_leadingCount entries in blocks of _leadingBlock).
    private readonly int _m;
    private readonly int _betaStart;
    private readonly int[] _termOffset;
    private readonly int[] _termOrder;
    private readonly int _leadingCount;
    private readonly int _leadingBlock;
    private readonly int[] _thetaOffset;
    private readonly int _thetaCount;
    private readonly bool _hasSigma;
    private readonly double[] _v;
    private readonly double[] _eta;
    private readonly double[] _r;
    private readonly double[] _w;
    private readonly double[] _a;
    private readonly double[] _gradient;
    private readonly double[] _step;
    private readonly double[] _priorGradient;

    // η's part outside v: offset (+ Xβ when β is profiled), for the β it was computed at.
    private readonly double[] _fixedPart;
    private double[]? _fixedPartFor;

    // Relative factors T_k (θ layout, see FactorIndex) the entries below were computed from.
    private readonly double[] _factor;
    private bool _entriesCurrent;

    // Per cell, its nonzeros of [ZΛ | X] (X only when β is integrated): fixed columns, values refreshed when θ changes.
    private readonly int _entriesPerCell;
    private readonly int _fixedEntries;
    private readonly int[] _entryColumn;
    private readonly double[] _entryValue;
    private readonly double[] _cholesky;
    private readonly double[] _solveScratch;
    private readonly double[] _trial;

    // Logit binomial cells take the vectorized kernel: weighted successes and trials.
    private readonly double[]? _logitSuccesses;
    private readonly double[]? _logitTrials;

    // A likelihood given from outside (e.g. the cumulative family's), used instead of the design's GLM family.
    private readonly ILinearPredictorLikelihood? _likelihood;

    /// <param name="design">The model.</param>
    /// <param name="fixedPrior">β's prior: integrate β with the group effects (Bayesian); null to profile β (ML).</param>
    /// <param name="likelihood">The likelihood of η over the cells, when it is not the design's GLM family's.</param>
    public LaplaceDeviance(ModelDesign design, FixedEffectPrior? fixedPrior = null, ILinearPredictorLikelihood? likelihood = null)
    {
        _design = design;
        _fixedPrior = fixedPrior;
        _likelihood = likelihood;
        _p = design.FixedEffects.ColumnCount;
        _termOffset = new int[design.GroupTerms.Count];
        _thetaOffset = new int[design.GroupTerms.Count];
        var t = 0;
        for (var k = 0; k < design.GroupTerms.Count; k++)
        {
            var term = design.GroupTerms[k];
            _thetaOffset[k] = t;
            t += term.Correlated ? term.CoefficientCount * (term.CoefficientCount + 1) / 2 : term.CoefficientCount;
        }

        static int Effects(GroupTermDesign term) => term.Levels.Count * term.CoefficientCount;
        _termOrder = Enumerable.Range(0, design.GroupTerms.Count).OrderByDescending(k => Effects(design.GroupTerms[k])).ToArray();
        var q = 0;
        foreach (var k in _termOrder)
        {
            _termOffset[k] = q;
            q += Effects(design.GroupTerms[k]);
        }

        if (_termOrder.Length > 0)
        {
            _leadingCount = Effects(design.GroupTerms[_termOrder[0]]);
            _leadingBlock = design.GroupTerms[_termOrder[0]].CoefficientCount;
        }

        _betaStart = q;
        _m = q + (fixedPrior is null ? 0 : _p);
        _thetaCount = t;
        _factor = new double[t];
        _hasSigma = design.Family == Family.Gaussian && design.Response.KnownSe is null;
        _v = new double[_m];
        _eta = new double[design.CellCount];
        _r = new double[design.CellCount];
        _w = new double[design.CellCount];
        _fixedPart = new double[design.CellCount];
        _a = new double[_m * _m];
        _gradient = new double[_m];
        _step = new double[_m];
        _priorGradient = new double[_p];
        _cholesky = new double[_m * _m];
        _solveScratch = new double[_m];
        _trial = new double[_m];
        _fixedEntries = fixedPrior is null ? 0 : _p;
        _entriesPerCell = _fixedEntries + design.GroupTerms.Sum(g => g.CoefficientCount);
        _entryColumn = new int[design.CellCount * _entriesPerCell];
        _entryValue = new double[design.CellCount * _entriesPerCell];
        var x = design.FixedEffects.X;
        for (var i = 0; i < design.CellCount; i++)
        {
            var e = i * _entriesPerCell;
            foreach (var k in _termOrder)
            {
                var term = design.GroupTerms[k];
                for (var d = 0; d < term.CoefficientCount; d++)
                {
                    _entryColumn[e++] = _termOffset[k] + term.LevelIndex[i] * term.CoefficientCount + d;
                }
            }

            for (var j = 0; j < _fixedEntries; j++)
            {
                _entryColumn[e] = _betaStart + j;
                _entryValue[e++] = x[i * _p + j];
            }
        }

        var r = design.Response;
        if (likelihood is null && design.Family is Family.Binomial or Family.Bernoulli && design.Link == Link.Logit)
        {
            _logitSuccesses = r.Weights is { } w ? r.Y.Select((y, i) => w[i] * y).ToArray() : r.Y;
            _logitTrials = r.Weights is { } wn ? r.Trials.Select((t, i) => wn[i] * t).ToArray() : r.Trials;
        }
    }

    /// <summary>Length of ψ for <see cref="Deviance"/>: β, θ, then log σ for gaussian models with unknown σ.</summary>
    public int ParameterCount => _p + _thetaCount + (_hasSigma ? 1 : 0);

    /// <summary>Number of relative-factor entries (the θ of <see cref="LogMarginal"/>).</summary>
    public int FactorCount => _thetaCount;

    /// <summary>Length of the inner vector v: (z, β) when β is integrated, z otherwise.</summary>
    public int InnerCount => _m;

    /// <summary>Where β starts in v when it is integrated (after every z).</summary>
    public int FixedEffectsStart => _betaStart;

    /// <summary>Where term k's z starts in v; within a term, z is ordered by level, then coefficient.</summary>
    public int EffectsOffset(int k) => _termOffset[k];

    /// <summary>The inner mode v̂ of the last evaluation.</summary>
    public ReadOnlySpan<double> InnerMode => _v;

    /// <summary>Newton stops once its step is below this in every coordinate (quadratic convergence: the next would be ~its square).</summary>
    public double NewtonTolerance { get; set; } = 1e-10;

    /// <summary>Where the next evaluation's Newton iterations start (by default, the last mode).</summary>
    public void StartInnerFrom(ReadOnlySpan<double> v) => v.CopyTo(_v);

    public double[] Start(double[] beta)
    {
        var psi = new double[ParameterCount];
        Array.Copy(beta, psi, _p);
        var scale = _design.Family == Family.Gaussian ? Math.Max(_design.RowStatistics.ResponseSd, 1e-3) : 1;
        for (var k = 0; k < _design.GroupTerms.Count; k++)
        {
            var c = _design.GroupTerms[k].CoefficientCount;
            for (var a = 0; a < c; a++)
            {
                psi[_p + FactorIndex(k, a, a)] = 0.5 * scale;
            }
        }

        if (_hasSigma)
        {
            psi[^1] = Math.Log(scale);
        }

        return psi;
    }

    /// <summary>Index within θ of T_k[a, b] (b ≤ a; only the diagonal for uncorrelated terms).</summary>
    public int FactorIndex(int k, int a, int b) =>
        _design.GroupTerms[k].Correlated ? _thetaOffset[k] + a * (a + 1) / 2 + b : _thetaOffset[k] + a;

    private double T(ReadOnlySpan<double> psi, int k, int a, int b) =>
        a == b || _design.GroupTerms[k].Correlated ? psi[_p + FactorIndex(k, a, b)] : 0;

    private double Factor(int k, int a, int b) =>
        a == b || _design.GroupTerms[k].Correlated ? _factor[FactorIndex(k, a, b)] : 0;

    /// <summary>−2 log L(ψ) by the Laplace approximation (exact for gaussian identity), on the original rows; β profiled.</summary>
    public double Deviance(double[] psi)
    {
        if (_fixedPrior is not null)
        {
            throw new InvalidOperationException("This instance integrates β; use LogMarginal.");
        }

        SetFactor(psi.AsSpan(_p, _thetaCount));
        SetFixedPart(psi.AsSpan(0, _p));
        var logIntegral = LogIntegral(_hasSigma ? Math.Exp(psi[^1]) : 0, 0);
        return double.IsNaN(logIntegral) || logIntegral == double.NegativeInfinity ? double.PositiveInfinity : -2 * logIntegral;
    }

    /// <summary>
    /// log ∫ p(y | β, Λz) p(β) N(z; 0, I) d(β, z) by the Laplace approximation, up to a constant that does not
    /// depend on the arguments (exact for gaussian identity with a normal β prior); −∞ when it cannot be evaluated.
    /// </summary>
    /// <param name="factor">The relative factors T_k, laid out as <see cref="FactorIndex"/>.</param>
    /// <param name="sigma">Gaussian residual sd (ignored by other families or with known se).</param>
    /// <param name="shape">Negative binomial shape (ignored by other families).</param>
    public double LogMarginal(ReadOnlySpan<double> factor, double sigma, double shape)
    {
        if (_fixedPrior is null)
        {
            throw new InvalidOperationException("This instance profiles β; use Deviance.");
        }

        SetFactor(factor);
        SetFixedPart([]);
        var logIntegral = LogIntegral(sigma, shape);
        return double.IsNaN(logIntegral) ? double.NegativeInfinity : logIntegral;
    }

    /// <summary>
    /// A draw from the Gaussian approximation N(v̂, A⁻¹) of v given the arguments of the last
    /// <see cref="LogMarginal"/>: v = v̂ + L⁻ᵀε with A = LLᵀ. Overwrites <paramref name="standardNormal"/>.
    /// </summary>
    public void SampleConditional(Span<double> standardNormal, Span<double> v)
    {
        var l = _cholesky;
        var m = _m;
        for (var i = m - 1; i >= 0; i--)
        {
            var s = standardNormal[i];
            for (var k = i + 1; k < m; k++)
            {
                s -= l[k * m + i] * standardNormal[k];
            }

            standardNormal[i] = s / l[i * m + i];
        }

        for (var i = 0; i < m; i++)
        {
            v[i] = _v[i] + standardNormal[i];
        }
    }

    private void SetFactor(ReadOnlySpan<double> factor)
    {
        if (_entriesCurrent && factor.SequenceEqual(_factor))
        {
            return;
        }

        factor.CopyTo(_factor);
        _entriesCurrent = false;
    }

    /// <summary>Offset plus, when β is profiled, Xβ (recomputed only when β changes).</summary>
    private void SetFixedPart(ReadOnlySpan<double> beta)
    {
        if (_fixedPartFor is { } last && last.AsSpan().SequenceEqual(beta))
        {
            return;
        }

        var x = _design.FixedEffects.X;
        var offset = _design.Response.Offset;
        for (var i = 0; i < _fixedPart.Length; i++)
        {
            var e = offset?[i] ?? 0;
            for (var j = 0; j < beta.Length; j++)
            {
                e += x[i * _p + j] * beta[j];
            }

            _fixedPart[i] = e;
        }

        _fixedPartFor = beta.ToArray();
    }

    /// <summary>h(v̂) − ½ log det A (with the likelihood's parameter-free terms), Newton from the last mode.</summary>
    private double LogIntegral(double sigma, double shape)
    {
        double h = double.NegativeInfinity;
        var atMode = false;

        // True when r, W and ∇ in the buffers are already those at v (the accepted trial point of the last step).
        var derivativesCurrent = false;
        for (var iteration = 0; iteration < 60; iteration++)
        {
            if (!derivativesCurrent)
            {
                h = Penalized(_v, sigma, shape, computeDerivatives: true);
            }

            if (!double.IsFinite(h))
            {
                Array.Clear(_v);
                h = Penalized(_v, sigma, shape, computeDerivatives: true);
                if (!double.IsFinite(h))
                {
                    return double.NegativeInfinity;
                }
            }

            BuildSystem(_v);
            if (!Cholesky.Factor(_a, _m, _cholesky, _leadingCount, _leadingBlock))
            {
                return double.NegativeInfinity;
            }

            Solve(_cholesky, _gradient, _step);
            var largest = 0.0;
            var predictedGain = 0.0;
            for (var i = 0; i < _m; i++)
            {
                largest = Math.Max(largest, Math.Abs(_step[i]));
                predictedGain += _gradient[i] * _step[i];
            }

            if (largest < NewtonTolerance)
            {
                // Converged: take the last (tiny) Newton step, with h's gain ½gᵀs from the quadratic model (error O(|s|³));
                // the factor just computed, |s| from the mode, serves the log-determinant and the conditional draws.
                for (var i = 0; i < _m; i++)
                {
                    _v[i] += _step[i];
                }

                h += 0.5 * predictedGain;
                atMode = true;
                break;
            }

            // Newton step with halving until the penalized log-likelihood does not decrease; the trial's derivatives
            // are computed with it, so an accepted step (the usual case) needs no second pass over the cells.
            var factor = 1.0;
            var trial = _trial;
            var hTrial = double.NegativeInfinity;
            for (var halving = 0; halving < 30; halving++)
            {
                for (var i = 0; i < _m; i++)
                {
                    trial[i] = _v[i] + factor * _step[i];
                }

                hTrial = Penalized(trial, sigma, shape, computeDerivatives: true);
                if (hTrial >= h - 1e-12 * Math.Abs(h))
                {
                    break;
                }

                factor /= 2;
            }

            Array.Copy(trial, _v, _m);
            h = hTrial;
            derivativesCurrent = true;
        }

        // Log-determinant at the mode, with the weights there.
        if (!atMode)
        {
            h = Penalized(_v, sigma, shape, computeDerivatives: true);
            BuildSystem(_v);
            if (!Cholesky.Factor(_a, _m, _cholesky, _leadingCount, _leadingBlock))
            {
                return double.NegativeInfinity;
            }
        }

        var logDet = 0.0;
        for (var i = 0; i < _m; i++)
        {
            logDet += 2 * Math.Log(_cholesky[i * _m + i]);
        }

        return h + (_likelihood?.Constant ?? _design.Response.LogLikelihoodConstant) - 0.5 * logDet;
    }

    /// <summary>
    /// ℓ(y | η(v)) − ½zᵀz (+ log p(β) when β is integrated); with derivatives, also r = dℓ/dη, W (expected
    /// information) and ∇_v.
    /// </summary>
    private double Penalized(double[] v, double sigma, double shape, bool computeDerivatives)
    {
        RefreshEntries();
        var width = _entriesPerCell;
        ref var column = ref MemoryMarshal.GetArrayDataReference(_entryColumn);
        ref var value = ref MemoryMarshal.GetArrayDataReference(_entryValue);
        ref var vRef = ref MemoryMarshal.GetArrayDataReference(v);
        for (var i = 0; i < _eta.Length; i++)
        {
            var e = _fixedPart[i];
            for (var t = i * width; t < (i + 1) * width; t++)
            {
                e += Unsafe.Add(ref value, t) * Unsafe.Add(ref vRef, Unsafe.Add(ref column, t));
            }

            _eta[i] = e;
        }

        var ll = _likelihood is { } likelihood ? likelihood.Evaluate(_eta, _r, _w, computeDerivatives)
            : _logitSuccesses is { } successes ? LogitLikelihood(successes, _logitTrials!, computeDerivatives)
            : Likelihood(sigma, shape, computeDerivatives);
        var penalty = 0.0;
        for (var i = 0; i < _betaStart; i++)
        {
            penalty += v[i] * v[i];
        }

        var logPrior = _fixedPrior?.LogDensity(v.AsSpan(_betaStart, _p), _priorGradient) ?? 0;
        if (computeDerivatives)
        {
            for (var i = 0; i < _betaStart; i++)
            {
                _gradient[i] = -v[i];
            }

            for (var i = _betaStart; i < _m; i++)
            {
                _gradient[i] = _priorGradient[i - _betaStart];
            }

            ref var gradient = ref MemoryMarshal.GetArrayDataReference(_gradient);
            for (var i = 0; i < _eta.Length; i++)
            {
                var r = _r[i];
                for (var t = i * width; t < (i + 1) * width; t++)
                {
                    Unsafe.Add(ref gradient, Unsafe.Add(ref column, t)) += Unsafe.Add(ref value, t) * r;
                }
            }
        }

        return ll - 0.5 * penalty + logPrior;
    }

    /// <summary>The logit kernel over all cells; W = nμ(1 − μ) with μ recovered from r = k − nμ.</summary>
    private double LogitLikelihood(double[] successes, double[] trials, bool computeDerivatives)
    {
        var ll = LogitCells.LogLikelihood(_eta, successes, trials, _r);
        if (!computeDerivatives)
        {
            return ll;
        }

        for (var i = 0; i < _eta.Length; i++)
        {
            var mu = LogitMean(successes, trials, i);
            _w[i] = trials[i] * mu * (1 - mu);
        }

        return ll;
    }

    /// <summary>μ of logit cell i recovered from its last score r = k − nμ (clamped; 0.5 for a cell with no trials).</summary>
    private double LogitMean(double[] successes, double[] trials, int i) =>
        trials[i] > 0 ? Math.Clamp((successes[i] - _r[i]) / trials[i], 1e-15, 1 - 1e-15) : 0.5;

    private double Likelihood(double sigma, double shape, bool computeDerivatives)
    {
        var ll = 0.0;
        var resp = _design.Response;
        for (var i = 0; i < _eta.Length; i++)
        {
            var weight = resp.Weights?[i] ?? 1;
            double cell, d, info;
            var eta = _eta[i];
            switch (_design.Family)
            {
                case Family.Binomial or Family.Bernoulli:
                    {
                        cell = CellLikelihood.Binomial(_design.Link, resp.Y[i], resp.Trials[i], eta, out d);
                        var mu = Math.Clamp(CellLikelihood.Mean(_design.Link, eta), 1e-15, 1 - 1e-15);
                        var dmu = LinkFunctions.MuEta(_design.Link, eta);
                        info = resp.Trials[i] * dmu * dmu / (mu * (1 - mu));
                        break;
                    }

                case Family.Poisson:
                    cell = CellLikelihood.Poisson(resp.RowsPerCell[i], resp.Y[i], eta, out d);
                    info = resp.RowsPerCell[i] * Math.Exp(eta);
                    break;
                case Family.NegativeBinomial:
                    {
                        // One row per cell; expected information μφ/(μ + φ).
                        cell = CellLikelihood.NegativeBinomial(resp.Y[i], eta, shape, out d, out _);
                        var mu = Math.Exp(eta);
                        info = mu * shape / (mu + shape);
                        break;
                    }

                default:
                    {
                        var n = resp.RowsPerCell[i];
                        var s = resp.KnownSe?[i] ?? sigma;
                        cell = CellLikelihood.Gaussian(_design.Link, n, resp.Y[i], resp.SumOfSquares?[i] ?? resp.Y[i] * resp.Y[i], eta, s, out d, out _);
                        if (resp.KnownSe is not null)
                        {
                            cell += n * Math.Log(s);
                        }

                        var dmu = _design.Link == Link.Log ? Math.Exp(eta) : 1;
                        info = n * dmu * dmu / (s * s);
                        break;
                    }
            }

            ll += weight * cell;
            if (computeDerivatives)
            {
                _r[i] = weight * d;
                _w[i] = weight * info;
            }
        }

        return ll;
    }

    /// <summary>
    /// A = −∇²h: the prior's precision (I for z; β's, when integrated) plus [ZΛ | X]ᵀW[ZΛ | X], lower triangle only
    /// (what the Cholesky factorization reads), cell by cell over its nonzeros, whose columns increase along the
    /// cell's entries (terms in layout order, levels' coefficients in order, then β).
    /// </summary>
    private void BuildSystem(double[] v)
    {
        Array.Clear(_a);
        for (var i = 0; i < _betaStart; i++)
        {
            _a[i * _m + i] = 1;
        }

        _fixedPrior?.AddNegativeHessian(v.AsSpan(_betaStart, _p), _a, _m, _betaStart);
        // Unchecked refs: this is the hot loop of every Newton step (cells × entries² / 2 updates).
        var width = _entriesPerCell;
        ref var a = ref MemoryMarshal.GetArrayDataReference(_a);
        ref var column = ref MemoryMarshal.GetArrayDataReference(_entryColumn);
        ref var value = ref MemoryMarshal.GetArrayDataReference(_entryValue);
        for (var i = 0; i < _eta.Length; i++)
        {
            var w = _w[i];
            var first = i * width;
            for (var ea = first; ea < first + width; ea++)
            {
                ref var row = ref Unsafe.Add(ref a, Unsafe.Add(ref column, ea) * _m);
                var wa = w * Unsafe.Add(ref value, ea);
                for (var eb = first; eb <= ea; eb++)
                {
                    Unsafe.Add(ref row, Unsafe.Add(ref column, eb)) += wa * Unsafe.Add(ref value, eb);
                }
            }
        }
    }

    /// <summary>The nonzeros of ZΛ at θ: entry d of term k in cell i is Σ_{a≥d} Z[i,a]·T[a,d] (once per θ).</summary>
    private void RefreshEntries()
    {
        if (_entriesCurrent)
        {
            return;
        }

        for (var i = 0; i < _eta.Length; i++)
        {
            var e = i * _entriesPerCell;
            foreach (var k in _termOrder)
            {
                var term = _design.GroupTerms[k];
                var c = term.CoefficientCount;
                for (var d = 0; d < c; d++)
                {
                    var value = 0.0;
                    for (var a = d; a < c; a++)
                    {
                        value += term.Z[i * c + a] * Factor(k, a, d);
                    }

                    _entryValue[e++] = value;
                }
            }
        }

        _entriesCurrent = true;
    }

    private void Solve(double[] chol, double[] b, double[] x)
    {
        var y = _solveScratch;
        for (var i = 0; i < _m; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= chol[i * _m + k] * y[k];
            }

            y[i] = s / chol[i * _m + i];
        }

        for (var i = _m - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < _m; k++)
            {
                s -= chol[k * _m + i] * x[k];
            }

            x[i] = s / chol[i * _m + i];
        }
    }

    /// <summary>Sets near-zero diagonal relative factors of uncorrelated terms to exactly zero when that is no worse.</summary>
    public double[] SnapToBoundary(double[] psi)
    {
        var best = (double[])psi.Clone();
        var bestDeviance = Deviance(best);
        for (var k = 0; k < _design.GroupTerms.Count; k++)
        {
            var term = _design.GroupTerms[k];
            for (var a = 0; a < term.CoefficientCount; a++)
            {
                var index = _p + FactorIndex(k, a, a);
                if (Math.Abs(best[index]) < 1e-2 && !term.Correlated)
                {
                    var trial = (double[])best.Clone();
                    trial[index] = 0;
                    var d = Deviance(trial);
                    if (d <= bestDeviance + 1e-9)
                    {
                        best = trial;
                        bestDeviance = d;
                    }
                }
            }
        }

        return best;
    }

    public MixedModelResult Summarize(double[] psi, double deviance, bool converged)
    {
        Deviance(psi);
        var rows = new List<CoefficientRow>();
        var covariance = BetaCovariance(psi);
        var names = _design.FixedEffects.Names;
        for (var j = 0; j < _p; j++)
        {
            rows.Add(MixedModelFit.Wald("b_" + names[j], psi[j], Math.Sqrt(covariance[j * _p + j])));
        }

        var warnings = new List<string>();
        var singular = false;
        var effects = new List<(string, double)>();
        for (var k = 0; k < _design.GroupTerms.Count; k++)
        {
            var term = _design.GroupTerms[k];
            var c = term.CoefficientCount;
            var sds = new double[c];
            for (var a = 0; a < c; a++)
            {
                var s = 0.0;
                for (var b = 0; b <= a; b++)
                {
                    s += T(psi, k, a, b) * T(psi, k, a, b);
                }

                sds[a] = Math.Sqrt(s);
                rows.Add(new CoefficientRow($"sd_{term.Name}__{term.CoefficientNames[a]}", sds[a], double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
                if (sds[a] < 1e-4)
                {
                    singular = true;
                    warnings.Add($"Singular fit: sd_{term.Name}__{term.CoefficientNames[a]} is estimated at 0 (the data show no variation between {term.Name} groups beyond the rest of the model).");
                }
            }

            if (term.Correlated)
            {
                for (var a = 0; a < c; a++)
                {
                    for (var b = a + 1; b < c; b++)
                    {
                        var cov = 0.0;
                        for (var d = 0; d <= a; d++)
                        {
                            cov += T(psi, k, a, d) * T(psi, k, b, d);
                        }

                        var cor = sds[a] > 0 && sds[b] > 0 ? cov / (sds[a] * sds[b]) : double.NaN;
                        singular |= Math.Abs(cor) > 1 - 1e-6;
                        rows.Add(new CoefficientRow($"cor_{term.Name}__{term.CoefficientNames[a]}__{term.CoefficientNames[b]}", cor, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
                    }
                }
            }

            for (var l = 0; l < term.Levels.Count; l++)
            {
                for (var a = 0; a < c; a++)
                {
                    var u = 0.0;
                    for (var d = 0; d <= a; d++)
                    {
                        u += T(psi, k, a, d) * _v[_termOffset[k] + l * c + d];
                    }

                    effects.Add(($"r_{term.Name}[{term.Levels[l]},{term.CoefficientNames[a]}]", u));
                }
            }
        }

        if (_hasSigma)
        {
            rows.Add(new CoefficientRow("sigma", Math.Exp(psi[^1]), double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
        }

        if (!converged)
        {
            warnings.Add("The optimizer did not fully converge; estimates may be imprecise.");
        }

        var n = _design.Response.RowsPerCell.Sum();
        return new MixedModelResult
        {
            Coefficients = rows,
            FixedEffectCovariance = covariance,
            GroupEffects = effects,
            LogLikelihood = -deviance / 2,
            Aic = deviance + 2 * ParameterCount,
            Bic = deviance + Math.Log(n) * ParameterCount,
            DfResidual = n - ParameterCount,
            Singular = singular,
            Converged = converged,
            Warnings = warnings,
        };
    }

    /// <summary>Covariance of β̂ from the curvature of the deviance in β at fixed θ: 2·H⁻¹.</summary>
    private double[] BetaCovariance(double[] psi)
    {
        var h = new double[_p * _p];
        var x = (double[])psi.Clone();
        var f0 = Deviance(x);
        for (var a = 0; a < _p; a++)
        {
            var ha = 1e-4 * Math.Max(1, Math.Abs(psi[a]));
            for (var b = a; b < _p; b++)
            {
                var hb = 1e-4 * Math.Max(1, Math.Abs(psi[b]));
                double F(double da, double db)
                {
                    x[a] += da;
                    x[b] += db;
                    var v = Deviance(x);
                    x[a] = psi[a];
                    x[b] = psi[b];
                    return v;
                }

                h[a * _p + b] = h[b * _p + a] = a == b
                    ? (F(ha, 0) - 2 * f0 + F(-ha, 0)) / (ha * ha)
                    : (F(ha, hb) - F(ha, -hb) - F(-ha, hb) + F(-ha, -hb)) / (4 * ha * hb);
            }
        }

        Deviance(psi);
        var chol = Numerics.Cholesky.Factor(h, _p);
        if (chol is null)
        {
            return Enumerable.Repeat(double.NaN, _p * _p).ToArray();
        }

        return Numerics.Cholesky.Inverse(chol, _p).Select(v => 2 * v).ToArray();
    }
}
