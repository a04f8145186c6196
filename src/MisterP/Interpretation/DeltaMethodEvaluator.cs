using MathNet.Numerics.Distributions;

namespace MisterP.Interpretation;

/// <summary>
/// Quantities of a maximum-likelihood fit with delta-method uncertainty from the fixed effects' covariance V. A single
/// prediction gets its Wald interval on the link scale, transformed back (R's predict(se.fit = TRUE), statsmodels'
/// get_prediction): g⁻¹(η̂ ± q·√(xᵀVx)), with standard error |dμ/dη|·√(xᵀVx). Differences, slopes and averages are
/// smooth functions f(β̂) with gradient ∇f (chain rule through dμ/dη), so se = √(∇fᵀV∇f) and the interval is f̂ ± q·se
/// on the response scale (marginaleffects). q is Student's t on the residual degrees of freedom for least squares, else
/// normal. Group effects enter at their conditional modes, without uncertainty, as lme4's predictions do.
/// </summary>
internal static class DeltaMethodEvaluator
{
    private const int Chunk = 16_384;

    public static QuantityResult Run(QuantityRequest request, CancellationToken cancellationToken)
    {
        var model = request.Model;
        var shape = model.Shape;
        var kind = request.Kind;
        var covariance = model.Covariance!;
        var p = shape.FixedEffects.Count;
        var units = request.Units;
        var estimands = request.Estimands;
        var groups = request.Groups;
        var tail = 0.5 + request.Interval / 2;
        var q = model.Estimates!.DegreesOfFreedom is { } df ? StudentT.InvCDF(0, 1, df, tail) : Normal.InvCDF(0, 1, tail);
        var encoder = new ChunkPredictors(model, request.Scenarios, request.IncludedTerms, request.Seed);
        var perUnit = groups is null ? estimands.Select(_ => new QuantitySummary[units.Count]).ToArray() : null;
        var valueSums = groups?.Select(g => estimands.Select(_ => new double[g.Count]).ToArray()).ToArray();
        var gradientSums = groups?.Select(g => estimands.Select(_ => new double[g.Count * p]).ToArray()).ToArray();
        var gradient = new double[p];

        for (var start = 0; start < units.Count; start += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(Chunk, units.Count - start);
            var predictors = encoder.For(units.Table, start, count);
            var etas = predictors.Select(predictor =>
            {
                var eta = new double[count];
                predictor.Eta(0, eta);
                return eta;
            }).ToArray();
            for (var e = 0; e < estimands.Count; e++)
            {
                var estimand = estimands[e];
                for (var i = 0; i < count; i++)
                {
                    var etaHigh = etas[estimand.High][i];
                    var value = ResponseScale.FromLink(shape, kind, etaHigh);
                    Accumulate(gradient, predictors[estimand.High].Row(i), ResponseScale.Derivative(shape, kind, etaHigh), overwrite: true);
                    if (estimand.Low >= 0)
                    {
                        var etaLow = etas[estimand.Low][i];
                        value -= ResponseScale.FromLink(shape, kind, etaLow);
                        Accumulate(gradient, predictors[estimand.Low].Row(i), -ResponseScale.Derivative(shape, kind, etaLow), overwrite: false);
                    }

                    value /= estimand.Divisor;
                    for (var j = 0; j < p; j++)
                    {
                        gradient[j] /= estimand.Divisor;
                    }

                    if (perUnit is not null)
                    {
                        perUnit[e][start + i] = estimand.IsPrediction
                            ? LinkScaleWald(request, predictors[estimand.High].Row(i), etaHigh, covariance, q)
                            : Symmetric(value, gradient, covariance, q);
                        continue;
                    }

                    for (var a = 0; a < groups!.Count; a++)
                    {
                        var id = groups[a].Ids[start + i];
                        var w = units.Weights[start + i];
                        valueSums![a][e][id] += w * value;
                        var sum = gradientSums![a][e].AsSpan(id * p, p);
                        for (var j = 0; j < p; j++)
                        {
                            sum[j] += w * gradient[j];
                        }
                    }
                }
            }
        }

        var perGroup = groups?.Select((g, a) => estimands.Select((_, e) => Enumerable.Range(0, g.Count).Select(id =>
        {
            var w = g.Weights[id];
            if (!(w > 0))
            {
                return QuantitySummary.Missing;
            }

            var mean = gradientSums![a][e].AsSpan(id * p, p).ToArray().Select(v => v / w).ToArray();
            return Symmetric(valueSums![a][e][id] / w, mean, covariance, q);
        }).ToArray()).ToArray()).ToArray();
        return new QuantityResult(perUnit, perGroup, encoder.NewLevels);
    }

    private static void Accumulate(double[] gradient, ReadOnlySpan<double> x, double scale, bool overwrite)
    {
        for (var j = 0; j < gradient.Length; j++)
        {
            gradient[j] = (overwrite ? 0 : gradient[j]) + scale * x[j];
        }
    }

    private static QuantitySummary LinkScaleWald(QuantityRequest request, ReadOnlySpan<double> x, double eta, double[] covariance, double q)
    {
        var shape = request.Model.Shape;
        var kind = request.Kind;
        var se = Math.Sqrt(QuadraticForm(x, covariance));
        return new QuantitySummary(
            ResponseScale.FromLink(shape, kind, eta),
            Math.Abs(ResponseScale.Derivative(shape, kind, eta)) * se,
            ResponseScale.FromLink(shape, kind, eta - q * se),
            ResponseScale.FromLink(shape, kind, eta + q * se));
    }

    private static QuantitySummary Symmetric(double value, ReadOnlySpan<double> gradient, double[] covariance, double q)
    {
        var se = Math.Sqrt(QuadraticForm(gradient, covariance));
        return new QuantitySummary(value, se, value - q * se, value + q * se);
    }

    /// <summary>vᵀVv for the p × p row-major covariance V.</summary>
    private static double QuadraticForm(ReadOnlySpan<double> v, double[] covariance)
    {
        var p = v.Length;
        var total = 0.0;
        for (var a = 0; a < p; a++)
        {
            if (v[a] == 0)
            {
                continue;
            }

            var row = 0.0;
            for (var b = 0; b < p; b++)
            {
                row += covariance[a * p + b] * v[b];
            }

            total += v[a] * row;
        }

        return Math.Max(total, 0);
    }
}
