using System.Numerics.Tensors;
using MisterP.Design;
using MisterP.Families;
using MisterP.Priors;

namespace MisterP.Models;

/// <summary>
/// The MRP model family: a generalized linear model with varying intercepts and slopes,
/// η = offset + α + (X − x̄)β + Σₖ Zₖuₖ[level], uₖ[l] = diag(σₖ)·Lₖ·zₖ[l], zₖ ~ N(0, I) (non-centered),
/// over cells or rows, with priors and an analytic gradient (DESIGN §2): one pass over cells for dℓ/dη, then
/// Xᵀr and a scatter-add per level. The intercept is sampled on centered predictors, as rstanarm and brms do;
/// outputs report b_Intercept on the original scale.
/// </summary>
public sealed class HierarchicalGlm : ILogDensity, IConstrainedOutputs
{
    private readonly ModelDesign _design;
    private readonly PriorSet _priors;
    private readonly ParameterLayout _layout;
    private readonly double[] _xCentered;
    private readonly double[] _means;
    private readonly int _p;
    private readonly double[] _eta;
    private readonly double[] _dEta;
    private readonly double[] _scratchA;
    private readonly double[] _scratchB;
    private readonly double[][] _u;
    private readonly double[][] _gu;
    private readonly CholeskyCorrelation?[] _cholesky;
    private readonly IReadOnlyList<string> _outputNames;

    public HierarchicalGlm(ModelDesign design, PriorSet priors)
    {
        _design = design;
        _priors = priors;
        _layout = new ParameterLayout(design);
        _p = design.FixedEffects.ColumnCount;
        _means = design.FixedEffects.Names.Select((_, j) => j == design.FixedEffects.InterceptIndex ? 0 : design.RowStatistics.ColumnMeans[j]).ToArray();
        _xCentered = new double[design.CellCount * _p];
        for (var i = 0; i < design.CellCount; i++)
        {
            for (var j = 0; j < _p; j++)
            {
                _xCentered[i * _p + j] = design.FixedEffects.X[i * _p + j] - _means[j];
            }
        }

        _eta = new double[design.CellCount];
        _dEta = new double[design.CellCount];
        _scratchA = new double[design.CellCount];
        _scratchB = new double[design.CellCount];
        _u = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
        _gu = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
        _cholesky = _layout.Groups.Select(g => g.CpcCount > 0 ? new CholeskyCorrelation(g.Coefficients) : null).ToArray();
        _outputNames = OutputNaming.Names(design);
    }

    private HierarchicalGlm(HierarchicalGlm other)
    {
        _design = other._design;
        _priors = other._priors;
        _layout = other._layout;
        _xCentered = other._xCentered;
        _means = other._means;
        _p = other._p;
        _outputNames = other._outputNames;
        _eta = new double[_design.CellCount];
        _dEta = new double[_design.CellCount];
        _scratchA = new double[_design.CellCount];
        _scratchB = new double[_design.CellCount];
        _u = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
        _gu = _layout.Groups.Select(g => new double[g.Levels * g.Coefficients]).ToArray();
        _cholesky = _layout.Groups.Select(g => g.CpcCount > 0 ? new CholeskyCorrelation(g.Coefficients) : null).ToArray();
    }

    public int Dimension => _layout.Dimension;

    public IReadOnlyList<string> ParameterNames => _layout.Names;

    public IReadOnlyList<string> OutputNames => _outputNames;

    public ModelDesign Design => _design;

    public ILogDensity Fork() => new HierarchicalGlm(this);

    public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g.Clear();
        var lp = FixedPriors(x, g) + GroupPriorsAndEffects(x, g);
        var sigma = _layout.LogSigma >= 0 ? Math.Exp(x[_layout.LogSigma]) : 0;
        var shape = _layout.LogShape >= 0 ? Math.Exp(x[_layout.LogShape]) : 0;
        LinearPredictor(x);
        lp += Likelihood(sigma, shape, out var dLogSigma, out var dShape);
        if (_layout.LogSigma >= 0)
        {
            lp += PositivePrior(_priors.Sigma!, x[_layout.LogSigma], out var d);
            g[_layout.LogSigma] += d + dLogSigma;
        }

        if (_layout.LogShape >= 0)
        {
            lp += PositivePrior(_priors.Shape!, x[_layout.LogShape], out var d);
            g[_layout.LogShape] += d + dShape * shape;
        }

        Backpropagate(x, g);
        return lp;
    }

    /// <summary>Log-likelihood on the original rows (with the parameter-free terms), as R's logLik would report it.</summary>
    public double LogLikelihood(ReadOnlySpan<double> x)
    {
        var scratch = new double[Dimension];
        GroupPriorsAndEffects(x, scratch);
        LinearPredictor(x);
        var sigma = _layout.LogSigma >= 0 ? Math.Exp(x[_layout.LogSigma]) : 0;
        var shape = _layout.LogShape >= 0 ? Math.Exp(x[_layout.LogShape]) : 0;
        return Likelihood(sigma, shape, out _, out _) + _design.Response.LogLikelihoodConstant;
    }

    /// <summary>Linear predictor of every cell at <paramref name="x"/> (allocates; for diagnostics and predictions).</summary>
    public double[] CellLinearPredictor(ReadOnlySpan<double> x)
    {
        var scratch = new double[Dimension];
        GroupPriorsAndEffects(x, scratch);
        LinearPredictor(x);
        return (double[])_eta.Clone();
    }

    private double FixedPriors(ReadOnlySpan<double> x, Span<double> g)
    {
        var lp = 0.0;
        for (var j = 0; j < _p; j++)
        {
            var prior = j == _design.FixedEffects.InterceptIndex ? _priors.Intercept! : _priors.Coefficients[j]!;
            var k = _layout.BetaIndex[j];
            lp += prior.LogDensity(x[k], out var d);
            g[k] += d;
        }

        return lp;
    }

    /// <summary>Priors of sds, correlations and z; fills u = diag(σ)·L·z per level.</summary>
    private double GroupPriorsAndEffects(ReadOnlySpan<double> x, Span<double> g)
    {
        var lp = 0.0;
        Span<double> sdBuffer = stackalloc double[16];
        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            var block = _layout.Groups[k];
            var c = block.Coefficients;
            var sd = c <= sdBuffer.Length ? sdBuffer[..c] : new double[c];
            for (var a = 0; a < c; a++)
            {
                lp += PositivePrior(_priors.GroupSds[k][a], x[block.LogSd + a], out var d);
                g[block.LogSd + a] += d;
                sd[a] = Math.Exp(x[block.LogSd + a]);
            }

            var chol = _cholesky[k];
            if (chol is not null)
            {
                lp += chol.Build(x.Slice(block.Cpc, block.CpcCount), _priors.CorrelationEta[k]);
                for (var m = 0; m < block.CpcCount; m++)
                {
                    g[block.Cpc + m] += chol.DLogDensity[m];
                }
            }

            var u = _u[k];
            for (var l = 0; l < block.Levels; l++)
            {
                var zOffset = block.Z + l * c;
                for (var a = 0; a < c; a++)
                {
                    var z = x[zOffset + a];
                    lp -= 0.5 * z * z;
                    g[zOffset + a] -= z;
                    double lz;
                    if (chol is null)
                    {
                        lz = z;
                    }
                    else
                    {
                        lz = 0;
                        for (var b = 0; b <= a; b++)
                        {
                            lz += chol.L[a * c + b] * x[zOffset + b];
                        }
                    }

                    u[l * c + a] = sd[a] * lz;
                }
            }
        }

        return lp;
    }

    private void LinearPredictor(ReadOnlySpan<double> x)
    {
        var offset = _design.Response.Offset;
        var beta = x.Slice(0, _p);
        var xc = _xCentered;
        for (var i = 0; i < _eta.Length; i++)
        {
            var e = offset is null ? 0 : offset[i];
            var rowStart = i * _p;
            for (var j = 0; j < _p; j++)
            {
                e += xc[rowStart + j] * beta[j];
            }

            _eta[i] = e;
        }

        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            var term = _design.GroupTerms[k];
            var c = term.CoefficientCount;
            var u = _u[k];
            var index = term.LevelIndex;
            var z = term.Z;
            if (c == 1)
            {
                for (var i = 0; i < _eta.Length; i++)
                {
                    _eta[i] += z[i] * u[index[i]];
                }

                continue;
            }

            for (var i = 0; i < _eta.Length; i++)
            {
                var level = index[i] * c;
                for (var a = 0; a < c; a++)
                {
                    _eta[i] += z[i * c + a] * u[level + a];
                }
            }
        }
    }

    private double Likelihood(double sigma, double shape, out double dLogSigma, out double dShape)
    {
        var r = _design.Response;
        var link = _design.Link;
        var weights = r.Weights;
        var lp = 0.0;
        dLogSigma = 0;
        dShape = 0;
        if (_design.Family is Family.Binomial or Family.Bernoulli && link == Link.Logit && weights is null)
        {
            // The MRP hot path, unweighted logit cells: ℓ = kη − n(max(η, 0) + log(1 + e)), dℓ/dη = k − nμ with
            // e = exp(−|η|); the exp and log run vectorized over all cells (TensorPrimitives).
            var k = r.Y;
            var n = r.Trials;
            var e = _scratchA;
            var log1pE = _scratchB;
            TensorPrimitives.Abs(_eta, e);
            TensorPrimitives.Negate(e, e);
            TensorPrimitives.Exp(e, e);
            TensorPrimitives.Add(e, 1.0, log1pE);
            TensorPrimitives.Log(log1pE, log1pE);
            for (var i = 0; i < _eta.Length; i++)
            {
                var eta = _eta[i];
                var mu = (eta >= 0 ? 1 : e[i]) / (1 + e[i]);
                _dEta[i] = k[i] - n[i] * mu;
                lp += k[i] * eta - n[i] * (Math.Max(eta, 0) + log1pE[i]);
            }

            return lp;
        }

        for (var i = 0; i < _eta.Length; i++)
        {
            double ll, d;
            switch (_design.Family)
            {
                case Family.Binomial or Family.Bernoulli:
                    ll = CellLikelihood.Binomial(link, r.Y[i], r.Trials[i], _eta[i], out d);
                    break;
                case Family.Poisson:
                    ll = CellLikelihood.Poisson(r.RowsPerCell[i], r.Y[i], _eta[i], out d);
                    break;
                case Family.NegativeBinomial:
                    ll = CellLikelihood.NegativeBinomial(r.Y[i], _eta[i], shape, out d, out var ds);
                    dShape += (weights?[i] ?? 1) * ds;
                    break;
                default:
                    var n = r.RowsPerCell[i];
                    var sumSquares = r.SumOfSquares?[i] ?? r.Y[i] * r.Y[i];
                    if (r.KnownSe is { } se)
                    {
                        ll = CellLikelihood.Gaussian(link, n, r.Y[i], sumSquares, _eta[i], se[i], out d, out _) + n * Math.Log(se[i]);
                    }
                    else
                    {
                        ll = CellLikelihood.Gaussian(link, n, r.Y[i], sumSquares, _eta[i], sigma, out d, out var dls);
                        dLogSigma += (weights?[i] ?? 1) * dls;
                    }

                    break;
            }

            var w = weights?[i] ?? 1;
            lp += w * ll;
            _dEta[i] = w * d;
        }

        return lp;
    }

    private void Backpropagate(ReadOnlySpan<double> x, Span<double> g)
    {
        // Xᵀr column by column, so each gradient entry accumulates in a register.
        var xc = _xCentered;
        for (var j = 0; j < _p; j++)
        {
            var sum = 0.0;
            for (var i = 0; i < _dEta.Length; i++)
            {
                sum += _dEta[i] * xc[i * _p + j];
            }

            g[j] += sum;
        }

        for (var k = 0; k < _layout.Groups.Length; k++)
        {
            var block = _layout.Groups[k];
            var term = _design.GroupTerms[k];
            var c = block.Coefficients;
            var gu = _gu[k];
            Array.Clear(gu);
            var index = term.LevelIndex;
            var z = term.Z;
            if (c == 1)
            {
                for (var i = 0; i < _dEta.Length; i++)
                {
                    gu[index[i]] += _dEta[i] * z[i];
                }
            }
            else
            {
                for (var i = 0; i < _dEta.Length; i++)
                {
                    var level = index[i] * c;
                    for (var a = 0; a < c; a++)
                    {
                        gu[level + a] += _dEta[i] * z[i * c + a];
                    }
                }
            }

            var u = _u[k];
            var chol = _cholesky[k];
            for (var a = 0; a < c; a++)
            {
                var sd = Math.Exp(x[block.LogSd + a]);
                var dLogSd = 0.0;
                for (var l = 0; l < block.Levels; l++)
                {
                    dLogSd += gu[l * c + a] * u[l * c + a];
                }

                g[block.LogSd + a] += dLogSd;
                for (var l = 0; l < block.Levels; l++)
                {
                    var upstream = gu[l * c + a] * sd;
                    if (chol is null)
                    {
                        g[block.Z + l * c + a] += upstream;
                        continue;
                    }

                    // u_a = sd_a Σ_b L[a,b] z_b: dz_b += sd_a L[a,b] gu_a, and dy_m += sd_a Σ_b dL_m[a,b] z_b gu_a.
                    for (var b = 0; b <= a; b++)
                    {
                        g[block.Z + l * c + b] += upstream * chol.L[a * c + b];
                    }

                    for (var m = 0; m < block.CpcCount; m++)
                    {
                        var s = 0.0;
                        for (var b = 0; b <= a; b++)
                        {
                            s += chol.DL[m * c * c + a * c + b] * x[block.Z + l * c + b];
                        }

                        g[block.Cpc + m] += upstream * s;
                    }
                }
            }
        }
    }

    /// <summary>Prior of a positive parameter sampled as θ = log x, with the Jacobian log x.</summary>
    private static double PositivePrior(PriorDistribution prior, double logValue, out double derivative)
    {
        var value = Math.Exp(logValue);
        var lp = prior.LogDensity(value, out var d);
        derivative = d * value + 1;
        return lp + logValue;
    }

    public void WriteOutputs(ReadOnlySpan<double> x, Span<double> outputs) => OutputNaming.Write(_design, _layout, _means, x, outputs);
}
