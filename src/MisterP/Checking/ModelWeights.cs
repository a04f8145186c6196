using MisterP.Numerics;

namespace MisterP.Checking;

/// <summary>
/// loo 2.5.1's <c>loo_model_weights</c> from the pointwise elpd_loo of K models (Yao, Vehtari, Simpson &amp; Gelman
/// 2018): stacking maximises Σᵢ log Σₖ wₖ·exp(elpd_loo_ik) over the simplex; pseudo-BMA weights are ∝ exp(elpd_loo);
/// pseudo-BMA+ averages them over Bayesian-bootstrap (Dirichlet) reweightings of the observations.
/// </summary>
public static class ModelWeights
{
    /// <summary>
    /// Stacking weights. loo minimises the same objective with <c>constrOptim</c> (an adaptive log barrier whose fixed
    /// point is the constrained optimum); the objective is concave, so its maximiser is unique and this computes it
    /// directly by the EM fixed point wₖ ← wₖ·(1/N)Σᵢ eᵢₖ/Σⱼ wⱼeᵢⱼ, which increases the log score monotonically.
    /// </summary>
    public static double[] Stacking(IReadOnlyList<LooResult> models)
    {
        var (lpd, counts) = PointwiseMatrix(models);
        var n = counts.Length;
        var k = models.Count;
        var total = counts.Sum();
        // Rows scaled by their maximum: the optimum does not change and exp() cannot underflow to 0 for every model.
        var e = new double[n, k];
        for (var i = 0; i < n; i++)
        {
            var max = double.NegativeInfinity;
            for (var m = 0; m < k; m++)
            {
                max = Math.Max(max, lpd[i, m]);
            }

            for (var m = 0; m < k; m++)
            {
                e[i, m] = Math.Exp(lpd[i, m] - max);
            }
        }

        var w = Enumerable.Repeat(1.0 / k, k).ToArray();
        var next = new double[k];
        var previousScore = double.NegativeInfinity;
        for (var iteration = 0; iteration < 1_000_000; iteration++)
        {
            Array.Clear(next);
            var score = 0.0;
            for (var i = 0; i < n; i++)
            {
                var mix = 0.0;
                for (var m = 0; m < k; m++)
                {
                    mix += w[m] * e[i, m];
                }

                score += counts[i] * Math.Log(mix);
                for (var m = 0; m < k; m++)
                {
                    next[m] += counts[i] * e[i, m] / mix;
                }
            }

            var change = 0.0;
            for (var m = 0; m < k; m++)
            {
                var updated = w[m] * next[m] / total;
                change = Math.Max(change, Math.Abs(updated - w[m]));
                w[m] = updated;
            }

            if (change < 1e-12 || (score - previousScore < 1e-14 * Math.Abs(score) && change < 1e-9))
            {
                break;
            }

            previousScore = score;
        }

        var sum = w.Sum();
        return w.Select(x => x / sum).ToArray();
    }

    /// <summary>Pseudo-BMA weights without the bootstrap: softmax of the elpd_loo totals.</summary>
    public static double[] PseudoBma(IReadOnlyList<LooResult> models) => Softmax(models.Select(m => m.ElpdLoo.Value).ToArray());

    /// <summary>
    /// Pseudo-BMA+ : the mean over <paramref name="bootstrapDraws"/> Dirichlet(α) reweightings of the N observations of
    /// softmax(N·Σᵢ gᵢ·elpd_loo_i), seeded. A column standing for c identical observations gets the sum of their c
    /// Dirichlet components, which is a Gamma(c·α) share — the same distribution as expanding it.
    /// </summary>
    public static double[] PseudoBmaPlus(IReadOnlyList<LooResult> models, ulong seed, int bootstrapDraws = 1000, double alpha = 1)
    {
        var (lpd, counts) = PointwiseMatrix(models);
        var n = counts.Length;
        var k = models.Count;
        var total = counts.Sum();
        var rng = new Xoshiro256(seed);
        var mean = new double[k];
        var g = new double[n];
        for (var b = 0; b < bootstrapDraws; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                g[i] = rng.Gamma(counts[i] * alpha);
                sum += g[i];
            }

            var z = new double[k];
            for (var m = 0; m < k; m++)
            {
                var s = 0.0;
                for (var i = 0; i < n; i++)
                {
                    s += g[i] / sum * lpd[i, m];
                }

                z[m] = s * total;
            }

            var w = Softmax(z);
            for (var m = 0; m < k; m++)
            {
                mean[m] += w[m] / bootstrapDraws;
            }
        }

        return mean;
    }

    private static double[] Softmax(double[] z)
    {
        var max = z.Max();
        var u = z.Select(v => Math.Exp(v - max)).ToArray();
        var sum = u.Sum();
        return u.Select(v => v / sum).ToArray();
    }

    private static (double[,] Lpd, double[] Counts) PointwiseMatrix(IReadOnlyList<LooResult> models)
    {
        if (models.Count < 2)
        {
            throw new ArgumentException("Model weights need at least two models.");
        }

        LooComparison.CheckSameObservations(models.Select((m, i) => ($"model{i + 1}", m)).ToList());
        var n = models[0].Pointwise.Count;
        var lpd = new double[n, models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            for (var i = 0; i < n; i++)
            {
                lpd[i, m] = models[m].Pointwise[i].ElpdLoo;
            }
        }

        return (lpd, models[0].Counts.ToArray());
    }
}

/// <summary>How <c>mrp loo</c> weighs models.</summary>
public enum WeightMethod
{
    Stacking,
    PseudoBma,
    PseudoBmaPlus,
}
