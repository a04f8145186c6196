using MisterP.Design;
using MisterP.Families;
using MisterP.Inference.Classical;

namespace MisterP.Inference.Optimization;

/// <summary>
/// The Laplace-approximated deviance of a multilevel GLM as a function of ψ = (β, θ[, log σ]), with the conditional
/// modes kept between calls as warm starts (the outer optimizer probes nearby points).
/// </summary>
internal sealed class LaplaceDeviance
{
    private readonly ModelDesign _design;
    private readonly int _p;
    private readonly int _q;
    private readonly int[] _termOffset;
    private readonly int[] _thetaOffset;
    private readonly int _thetaCount;
    private readonly bool _hasSigma;
    private readonly double[] _z;
    private readonly double[] _eta;
    private readonly double[] _r;
    private readonly double[] _w;
    private readonly double[] _a;
    private readonly double[] _gradient;
    private readonly double[] _step;

    // Per cell, its Σ_k c_k nonzeros of ZΛ: fixed columns, values refreshed when ψ changes (RefreshEntries).
    private readonly int _entriesPerCell;
    private readonly int[] _entryColumn;
    private readonly double[] _entryValue;
    private readonly double[] _cholesky;
    private readonly double[] _solveScratch;
    private readonly double[] _trial;
    private double[]? _entriesFor;

    // Logit binomial cells take the vectorized kernel: weighted successes and trials.
    private readonly double[]? _logitSuccesses;
    private readonly double[]? _logitTrials;

    public LaplaceDeviance(ModelDesign design)
    {
        _design = design;
        _p = design.FixedEffects.ColumnCount;
        _termOffset = new int[design.GroupTerms.Count];
        _thetaOffset = new int[design.GroupTerms.Count];
        var q = 0;
        var t = 0;
        for (var k = 0; k < design.GroupTerms.Count; k++)
        {
            var term = design.GroupTerms[k];
            _termOffset[k] = q;
            q += term.Levels.Count * term.CoefficientCount;
            _thetaOffset[k] = t;
            t += term.Correlated ? term.CoefficientCount * (term.CoefficientCount + 1) / 2 : term.CoefficientCount;
        }

        _q = q;
        _thetaCount = t;
        _hasSigma = design.Family == Family.Gaussian && design.Response.KnownSe is null;
        _z = new double[q];
        _eta = new double[design.CellCount];
        _r = new double[design.CellCount];
        _w = new double[design.CellCount];
        _a = new double[q * q];
        _gradient = new double[q];
        _step = new double[q];
        _cholesky = new double[q * q];
        _solveScratch = new double[q];
        _trial = new double[q];
        _entriesPerCell = design.GroupTerms.Sum(g => g.CoefficientCount);
        _entryColumn = new int[design.CellCount * _entriesPerCell];
        _entryValue = new double[design.CellCount * _entriesPerCell];
        for (var i = 0; i < design.CellCount; i++)
        {
            var e = i * _entriesPerCell;
            for (var k = 0; k < design.GroupTerms.Count; k++)
            {
                var term = design.GroupTerms[k];
                for (var d = 0; d < term.CoefficientCount; d++)
                {
                    _entryColumn[e++] = _termOffset[k] + term.LevelIndex[i] * term.CoefficientCount + d;
                }
            }
        }

        var r = design.Response;
        if (design.Family is Family.Binomial or Family.Bernoulli && design.Link == Link.Logit)
        {
            _logitSuccesses = r.Weights is { } w ? r.Y.Select((y, i) => w[i] * y).ToArray() : r.Y;
            _logitTrials = r.Weights is { } wn ? r.Trials.Select((t, i) => wn[i] * t).ToArray() : r.Trials;
        }
    }

    public int ParameterCount => _p + _thetaCount + (_hasSigma ? 1 : 0);

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
                psi[_p + ThetaIndex(k, a, a)] = 0.5 * scale;
            }
        }

        if (_hasSigma)
        {
            psi[^1] = Math.Log(scale);
        }

        return psi;
    }

    /// <summary>Index within θ of T_k[a, b] (b ≤ a; only the diagonal for uncorrelated terms).</summary>
    private int ThetaIndex(int k, int a, int b) =>
        _design.GroupTerms[k].Correlated ? _thetaOffset[k] + a * (a + 1) / 2 + b : _thetaOffset[k] + a;

    private double T(ReadOnlySpan<double> psi, int k, int a, int b) =>
        a == b || _design.GroupTerms[k].Correlated ? psi[_p + ThetaIndex(k, a, b)] : 0;

    /// <summary>−2 log L(ψ) by the Laplace approximation (exact for gaussian identity), on the original rows.</summary>
    public double Deviance(double[] psi)
    {
        var sigma = _hasSigma ? Math.Exp(psi[^1]) : 0;
        double h = double.NegativeInfinity;
        var atMode = false;
        for (var iteration = 0; iteration < 60; iteration++)
        {
            h = Penalized(psi, _z, sigma, computeDerivatives: true);
            if (!double.IsFinite(h))
            {
                Array.Clear(_z);
                h = Penalized(psi, _z, sigma, computeDerivatives: true);
                if (!double.IsFinite(h))
                {
                    return double.PositiveInfinity;
                }
            }

            BuildSystem();
            if (!Numerics.Cholesky.Factor(_a, _q, _cholesky))
            {
                return double.PositiveInfinity;
            }

            Solve(_cholesky, _gradient, _step);
            var largest = _step.Length == 0 ? 0 : _step.Max(Math.Abs);
            if (largest < 1e-10)
            {
                // z is the mode: h and the factor just computed there are the ones the log-determinant needs.
                atMode = true;
                break;
            }

            // Newton step with halving until the penalized log-likelihood does not decrease.
            var factor = 1.0;
            var trial = _trial;
            for (var halving = 0; halving < 30; halving++)
            {
                for (var i = 0; i < _q; i++)
                {
                    trial[i] = _z[i] + factor * _step[i];
                }

                var hTrial = Penalized(psi, trial, sigma, computeDerivatives: false);
                if (hTrial >= h - 1e-12 * Math.Abs(h))
                {
                    break;
                }

                factor /= 2;
            }

            Array.Copy(trial, _z, _q);
        }

        // Log-determinant at the mode, with the weights there.
        if (!atMode)
        {
            h = Penalized(psi, _z, sigma, computeDerivatives: true);
            BuildSystem();
            if (!Numerics.Cholesky.Factor(_a, _q, _cholesky))
            {
                return double.PositiveInfinity;
            }
        }

        var logDet = 0.0;
        for (var i = 0; i < _q; i++)
        {
            logDet += 2 * Math.Log(_cholesky[i * _q + i]);
        }

        return -2 * (h + _design.Response.LogLikelihoodConstant) + logDet;
    }

    /// <summary>ℓ(y | β, Λz) − ½zᵀz; with derivatives, also r = dℓ/dη, W (expected information) and ∇_z.</summary>
    private double Penalized(double[] psi, double[] z, double sigma, bool computeDerivatives)
    {
        RefreshEntries(psi);
        var x = _design.FixedEffects.X;
        var offset = _design.Response.Offset;
        var width = _entriesPerCell;
        for (var i = 0; i < _eta.Length; i++)
        {
            var e = offset?[i] ?? 0;
            for (var j = 0; j < _p; j++)
            {
                e += x[i * _p + j] * psi[j];
            }

            for (var t = i * width; t < (i + 1) * width; t++)
            {
                e += _entryValue[t] * z[_entryColumn[t]];
            }

            _eta[i] = e;
        }

        var ll = _logitSuccesses is { } successes ? LogitLikelihood(successes, _logitTrials!) : Likelihood(sigma, computeDerivatives);
        var penalty = 0.0;
        for (var i = 0; i < _q; i++)
        {
            penalty += z[i] * z[i];
        }

        if (computeDerivatives)
        {
            for (var i = 0; i < _q; i++)
            {
                _gradient[i] = -z[i];
            }

            for (var i = 0; i < _eta.Length; i++)
            {
                for (var t = i * width; t < (i + 1) * width; t++)
                {
                    _gradient[_entryColumn[t]] += _entryValue[t] * _r[i];
                }
            }
        }

        return ll - 0.5 * penalty;
    }

    /// <summary>The logit kernel over all cells; W = nμ(1 − μ) with μ recovered from r = k − nμ.</summary>
    private double LogitLikelihood(double[] successes, double[] trials)
    {
        var ll = LogitCells.LogLikelihood(_eta, successes, trials, _r);
        for (var i = 0; i < _eta.Length; i++)
        {
            var n = trials[i];
            var mu = n > 0 ? Math.Clamp((successes[i] - _r[i]) / n, 1e-15, 1 - 1e-15) : 0.5;
            _w[i] = n * mu * (1 - mu);
        }

        return ll;
    }

    private double Likelihood(double sigma, bool computeDerivatives)
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
    /// A = I + ΛᵀZᵀWZΛ, lower triangle only (what the Cholesky factorization reads), cell by cell over its nonzeros,
    /// whose columns increase along the cell's entries (terms in order, levels' coefficients in order).
    /// </summary>
    private void BuildSystem()
    {
        Array.Clear(_a);
        for (var i = 0; i < _q; i++)
        {
            _a[i * _q + i] = 1;
        }

        var width = _entriesPerCell;
        for (var i = 0; i < _eta.Length; i++)
        {
            var w = _w[i];
            for (var ea = i * width; ea < (i + 1) * width; ea++)
            {
                var ca = _entryColumn[ea];
                var wa = w * _entryValue[ea];
                for (var eb = i * width; eb <= ea; eb++)
                {
                    _a[ca * _q + _entryColumn[eb]] += wa * _entryValue[eb];
                }
            }
        }
    }

    /// <summary>The nonzeros of ZΛ at ψ: entry d of term k in cell i is Σ_{a≥d} Z[i,a]·T[a,d] (once per ψ).</summary>
    private void RefreshEntries(double[] psi)
    {
        if (_entriesFor is { } last && last.AsSpan().SequenceEqual(psi))
        {
            return;
        }

        for (var i = 0; i < _eta.Length; i++)
        {
            var e = i * _entriesPerCell;
            for (var k = 0; k < _design.GroupTerms.Count; k++)
            {
                var term = _design.GroupTerms[k];
                var c = term.CoefficientCount;
                for (var d = 0; d < c; d++)
                {
                    var v = 0.0;
                    for (var a = d; a < c; a++)
                    {
                        v += term.Z[i * c + a] * T(psi, k, a, d);
                    }

                    _entryValue[e++] = v;
                }
            }
        }

        _entriesFor = (double[])psi.Clone();
    }

    private void Solve(double[] chol, double[] b, double[] x)
    {
        var y = _solveScratch;
        for (var i = 0; i < _q; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= chol[i * _q + k] * y[k];
            }

            y[i] = s / chol[i * _q + i];
        }

        for (var i = _q - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < _q; k++)
            {
                s -= chol[k * _q + i] * x[k];
            }

            x[i] = s / chol[i * _q + i];
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
                var index = _p + ThetaIndex(k, a, a);
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
                        u += T(psi, k, a, d) * _z[_termOffset[k] + l * c + d];
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

        return LaplaceApproximation.Inverse(chol, _p).Select(v => 2 * v).ToArray();
    }
}
