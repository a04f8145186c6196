using MisterP.Numerics;

namespace MisterP.Poststrat;

/// <summary>
/// Post-stratified estimates of a stack of models: draws from the mixture Σ_m w_m·p(estimate | model m), as Bayesian
/// stacking of predictive distributions prescribes (Yao, Vehtari, Simpson &amp; Gelman 2018). Output draw s takes model
/// m with probability w_m (one seeded choice per draw, shared by every group and contrast, so within a draw the groups
/// stay one coherent posterior state) and that model's draw s (modulo its draw count). The mean is therefore the
/// weighted model average. R̂ and ESS of mixed draws compare nothing meaningful (a draw's chain and model are mixed),
/// so they are NaN (NA in EST.csv).
/// </summary>
public static class PoststratMixture
{
    /// <param name="results">Each model's post-stratification over the same frame and grouping sets, with per-draw values kept.</param>
    /// <param name="weights">One non-negative weight per model, summing to 1.</param>
    /// <param name="seed">Seed of the per-draw model choices.</param>
    public static PoststratResult Mix(IReadOnlyList<PoststratResult> results, IReadOnlyList<double> weights, ulong seed)
    {
        if (results.Count != weights.Count || results.Count == 0)
        {
            throw new ArgumentException("One weight per model is needed.");
        }

        if (weights.Any(w => !(w >= 0)) || Math.Abs(weights.Sum() - 1) > 1e-6)
        {
            throw new UserInputException($"Stacking weights must be non-negative and sum to 1 (got {string.Join(", ", weights)}).");
        }

        var first = results[0];
        var drawCount = first.DrawCount;
        var choice = Choices(weights, drawCount, seed);
        var layout = new DrawLayout(1, drawCount, Independent: true);
        var keyed = results.Select(r => r.Estimates.ToDictionary(Key, e => e)).ToList();
        var estimates = first.Estimates.Select(e =>
        {
            var key = Key(e);
            var perModel = keyed.Select((k, m) => k.TryGetValue(key, out var match)
                ? match.Draws ?? throw new ArgumentException("Stacking needs each model's per-draw estimates (KeepDraws).")
                : throw new UserInputException($"The models' post-stratifications differ: group '{key}' is missing from model {m + 1}'s estimates.")).ToList();
            var mixed = Mixed(perModel, choice);
            return e with { Summary = Unconverged(EstimateSummary.Of(mixed, layout, first.Interval)), Draws = mixed };
        }).ToList();
        var contrasts = first.Contrasts.Select((c, i) =>
        {
            var mixed = Mixed(results.Select(r => r.Contrasts[i].Draws!).ToList(), choice);
            return c with { Summary = Unconverged(EstimateSummary.Of(mixed, layout, first.Interval)), Draws = mixed };
        }).ToList();
        var newLevels = results.SelectMany(r => r.NewLevels).Distinct().ToList();
        return new PoststratResult(first.GroupingColumns, estimates, newLevels, first.FrameRows, layout) { Contrasts = contrasts, Interval = first.Interval };
    }

    /// <summary>The model of each output draw: inverse CDF of the weights at a seeded uniform.</summary>
    public static int[] Choices(IReadOnlyList<double> weights, int drawCount, ulong seed)
    {
        var random = Xoshiro256.ForChain(seed, 0x7374636b); // "stck"
        var lastWeighted = Enumerable.Range(0, weights.Count).Last(m => weights[m] > 0);
        var choice = new int[drawCount];
        for (var s = 0; s < drawCount; s++)
        {
            var u = random.Uniform();
            var m = 0;
            var cumulative = weights[0];
            while (u >= cumulative && m < weights.Count - 1)
            {
                m++;
                cumulative += weights[m];
            }

            // A model of weight 0 is never chosen, even when rounding leaves the cumulative sum below 1.
            if (weights[m] == 0)
            {
                m = lastWeighted;
            }

            choice[s] = m;
        }

        return choice;
    }

    private static double[] Mixed(IReadOnlyList<double[]> perModel, int[] choice)
    {
        var mixed = new double[choice.Length];
        for (var s = 0; s < choice.Length; s++)
        {
            var draws = perModel[choice[s]];
            mixed[s] = draws[s % draws.Length];
        }

        return mixed;
    }

    private static EstimateSummary Unconverged(EstimateSummary summary) => summary with { Rhat = double.NaN, EssBulk = double.NaN, EssTail = double.NaN };

    private static string Key(GroupEstimate e) =>
        string.Join("\u001f", new[] { e.By, e.Quantity ?? "", e.Category ?? "" }.Concat(e.Keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value)));
}
