using MisterP.Design;
using MisterP.Families;
using MisterP.Numerics;

namespace MisterP.Inference.Optimization;

/// <summary>
/// The exact gradient of the profiled Laplace deviance D(ψ) = −2[h(ẑ) − ½ log det A], ψ = (β, θ), for canonical links
/// (binomial logit, Poisson log) and uncorrelated terms, where W = −∂r/∂η, so the mode's sensitivity has a closed form.
/// With G = ZΛ, r = ∂ℓ/∂η, w' = ∂W/∂η, ∂η/∂ψⱼ at fixed z = dⱼ (Xⱼ for β; Z's column of the term times ẑ for θ):
/// h's part is rᵀdⱼ (ẑ is h's maximum: envelope theorem); for log det A, ∂A = ∂GᵀWG + GᵀW∂G + Gᵀ diag(w' ∘ ∂η̂) G with
/// ∂η̂ = dⱼ + G∂ẑ and ∂ẑ = A⁻¹(∂Gᵀr − GᵀW dⱼ) from differentiating Gᵀr(η̂) = ẑ. Collecting terms with c = w' ∘ leverage
/// (leverage gᵢᵀA⁻¹gᵢ per cell) and a = A⁻¹Gᵀc:
/// ∂F/∂ψⱼ = (r − ½c + ½W∘Ga)ᵀdⱼ − Σᵢ wᵢ(∂Gⱼ A⁻¹Gᵀ)ᵢᵢ − ½ rᵀ(∂Gⱼ a),
/// one inverse of A per evaluation instead of the 2·|ψ| deviances of central differences (lme4 uses a derivative-free
/// optimizer instead; the Laplace deviance's derivatives are those of Bates et al. 2015, §5, extended through W(η̂)).
/// </summary>
internal sealed partial class LaplaceDeviance
{
    private double[]? _inverse;
    private double[]? _inverseScratch;
    private double[]? _cellSolve;
    private double[]? _adjoint;
    private double[]? _adjointSource;
    private double[]? _weightedLeverage;
    private (int Term, int Coefficient, int Theta)[]? _slots;
    private bool? _hasAnalyticGradient;

    /// <summary>
    /// True when <see cref="Deviance(double[], double[])"/> gives the exact gradient: β profiled, no residual sd, a
    /// canonical link of the design's own family, and every term uncorrelated.
    /// </summary>
    public bool HasAnalyticGradient => _hasAnalyticGradient ??=
        _fixedPrior is null && _likelihood is null && !_hasSigma &&
        _design.GroupTerms.All(t => !t.Correlated) &&
        ((_design.Family is Family.Binomial or Family.Bernoulli && _design.Link == Link.Logit) ||
         (_design.Family == Family.Poisson && _design.Link == Link.Log));

    /// <summary>The deviance at ψ with its gradient (requires <see cref="HasAnalyticGradient"/>).</summary>
    public double Deviance(double[] psi, double[] gradient)
    {
        if (!HasAnalyticGradient)
        {
            throw new InvalidOperationException("The deviance's analytic gradient needs a canonical link, no residual sd and uncorrelated terms.");
        }

        var deviance = Deviance(psi);
        Array.Clear(gradient);
        if (!double.IsFinite(deviance))
        {
            return deviance;
        }

        var m = _m;
        var cells = _eta.Length;
        var width = _entriesPerCell;
        _inverse ??= new double[m * m];
        _inverseScratch ??= new double[m * m];
        _cellSolve ??= new double[cells * width];
        _adjoint ??= new double[m];
        _adjointSource ??= new double[m];
        Cholesky.Invert(_cholesky, m, _inverse, _inverseScratch);

        // Per cell: (A⁻¹gᵢ) at the cell's own columns, its leverage, and c = w'·leverage scattered into Gᵀc.
        var inverse = _inverse;
        var solve = _cellSolve;
        var source = _adjointSource;
        Array.Clear(source);
        var c = _weightedLeverage ??= new double[cells];
        var slots = _slots ??= Slots();
        for (var i = 0; i < cells; i++)
        {
            var first = i * width;
            var leverage = 0.0;
            for (var s = 0; s < width; s++)
            {
                var row = _entryColumn[first + s] * m;
                var sum = 0.0;
                for (var t = 0; t < width; t++)
                {
                    sum += inverse[row + _entryColumn[first + t]] * _entryValue[first + t];
                }

                solve[first + s] = sum;
                leverage += _entryValue[first + s] * sum;
            }

            c[i] = WeightSlope(i) * leverage;
            for (var s = 0; s < width; s++)
            {
                source[_entryColumn[first + s]] += _entryValue[first + s] * c[i];
            }
        }

        Solve(_cholesky, source, _adjoint);
        var a = _adjoint;
        var x = _design.FixedEffects.X;
        var p = _p;
        for (var i = 0; i < cells; i++)
        {
            var first = i * width;
            var ga = 0.0;
            for (var s = 0; s < width; s++)
            {
                ga += _entryValue[first + s] * a[_entryColumn[first + s]];
            }

            var r = _r[i];
            var e = r - 0.5 * c[i] + 0.5 * _w[i] * ga;
            for (var j = 0; j < p; j++)
            {
                gradient[j] += e * x[i * p + j];
            }

            // θ: slot s of every cell belongs to one (term, coefficient), the same across cells.
            for (var s = 0; s < width; s++)
            {
                var (k, d, theta) = slots[s];
                var term = _design.GroupTerms[k];
                var z = term.Z[i * term.CoefficientCount + d];
                var column = _entryColumn[first + s];
                gradient[p + theta] += e * z * _v[column] - _w[i] * z * solve[first + s] - 0.5 * r * z * a[column];
            }
        }

        // D = −2F.
        for (var j = 0; j < gradient.Length; j++)
        {
            gradient[j] *= -2;
        }

        return deviance;
    }

    /// <summary>Which (term, coefficient, θ index) each of a cell's entries belongs to: the layout is the same in every cell.</summary>
    private (int Term, int Coefficient, int Theta)[] Slots()
    {
        var slots = new List<(int, int, int)>();
        foreach (var k in _termOrder)
        {
            for (var d = 0; d < _design.GroupTerms[k].CoefficientCount; d++)
            {
                slots.Add((k, d, FactorIndex(k, d, d)));
            }
        }

        return slots.ToArray();
    }

    /// <summary>∂W/∂η of cell i at the last mode: W(1 − 2μ) for the logit (W = nμ(1 − μ)), W itself for the Poisson log.</summary>
    private double WeightSlope(int i)
    {
        if (_design.Family == Family.Poisson)
        {
            return _w[i];
        }

        var mu = _logitSuccesses is { } successes ? LogitMean(successes, _logitTrials!, i) : CellLikelihood.Mean(Link.Logit, _eta[i]);
        return _w[i] * (1 - 2 * mu);
    }
}
