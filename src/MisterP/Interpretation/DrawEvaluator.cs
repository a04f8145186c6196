using MisterP.Numerics;

namespace MisterP.Interpretation;

/// <summary>
/// Quantities under every posterior draw: per draw s and unit, the scenario predictions (the values its
/// <see cref="IUnitOutcome"/> reports) and each estimand from them;
/// then the mean, sd and quantiles of each unit's draws, or of each group's per-draw weighted means (the posterior of
/// the average, not an average of summaries). Draws run in parallel, each writing only its own slots, and every sum
/// runs over units in a fixed order, so results are identical whatever the thread count.
/// </summary>
internal static class DrawEvaluator
{
    /// <summary>Unit-level draws are kept chunk by chunk: at most this many values at once.</summary>
    private const int MaxStoredValues = 4_000_000;

    private const int AveragingChunk = 16_384;

    public static QuantityResult Run(QuantityRequest request, CancellationToken cancellationToken)
    {
        var model = request.Model;
        var parameters = model.Parameters;
        var units = request.Units;
        var draws = parameters.DrawCount;
        var estimands = request.Estimands;
        var groups = request.Groups;
        var outcome = request.Outcome;
        var width = outcome.Width;
        var encoder = new ChunkPredictors(model, request.Scenarios, request.IncludedTerms, request.Seed);
        var perUnit = groups is null ? estimands.Select(_ => new QuantitySummary[units.Count * width]).ToArray() : null;
        var sums = groups?.Select(g => estimands.Select(_ => new double[g.Count * width * draws]).ToArray()).ToArray();
        var random = request.Kind == PredictionScale.Pps
            ? Enumerable.Range(0, draws).Select(s => Xoshiro256.ForChain(request.Seed, s + 2_000_000)).ToArray()
            : null;
        var chunkSize = groups is null
            ? Math.Clamp(MaxStoredValues / (draws * estimands.Count * width), 1, units.Count)
            : Math.Min(units.Count, AveragingChunk);
        var stored = perUnit is null ? null : estimands.Select(_ => new double[chunkSize * width * draws]).ToArray();
        var options = new ParallelOptions { CancellationToken = cancellationToken };

        for (var start = 0; start < units.Count; start += chunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(chunkSize, units.Count - start);
            // J linear predictors per scenario, their η laid out predictor-major, [p·count + i].
            var predictors = encoder.For(units.Table, start, count);
            var predictorCount = encoder.PredictorCount;
            var scenarios = predictors.Length / predictorCount;
            var offset = start;
            Parallel.For(0, draws, options, () => (Eta: new double[count * predictorCount], Values: Enumerable.Range(0, scenarios).Select(_ => new double[count * width]).ToArray()), (s, _, buffers) =>
            {
                for (var k = 0; k < scenarios; k++)
                {
                    for (var p = 0; p < predictorCount; p++)
                    {
                        predictors[k * predictorCount + p].Eta(s, buffers.Eta.AsSpan(p * count, count));
                    }

                    outcome.Evaluate(s, buffers.Eta, units.Respondents.AsSpan(offset, count), buffers.Values[k], random?[s]);
                }

                for (var e = 0; e < estimands.Count; e++)
                {
                    var estimand = estimands[e];
                    var high = buffers.Values[estimand.High];
                    var low = estimand.Low >= 0 ? buffers.Values[estimand.Low] : null;
                    for (var j = 0; j < count * width; j++)
                    {
                        var value = (high[j] - (low is null ? 0 : low[j])) / estimand.Divisor;
                        if (stored is not null)
                        {
                            stored[e][j * draws + s] = value;
                            continue;
                        }

                        var i = j / width;
                        var v = j - i * width;
                        for (var a = 0; a < groups!.Count; a++)
                        {
                            sums![a][e][((groups[a].Ids[offset + i] * width) + v) * draws + s] += units.Weights[offset + i] * value;
                        }
                    }
                }

                return buffers;
            }, _ => { });

            if (stored is not null)
            {
                for (var e = 0; e < estimands.Count; e++)
                {
                    for (var j = 0; j < count * width; j++)
                    {
                        perUnit![e][start * width + j] = QuantitySummary.FromDraws(stored[e].AsSpan(j * draws, draws), request.Interval);
                    }
                }
            }
        }

        var perGroup = groups?.Select((g, a) => estimands.Select((_, e) => Enumerable.Range(0, g.Count * width).Select(slot =>
        {
            var id = slot / width;
            if (!(g.Weights[id] > 0))
            {
                return QuantitySummary.Missing;
            }

            var values = sums![a][e].AsSpan(slot * draws, draws).ToArray();
            for (var s = 0; s < values.Length; s++)
            {
                values[s] /= g.Weights[id];
            }

            return QuantitySummary.FromDraws(values, request.Interval);
        }).ToArray()).ToArray()).ToArray();
        return new QuantityResult(perUnit, perGroup, encoder.NewLevels);
    }
}
