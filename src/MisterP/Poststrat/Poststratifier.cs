using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Numerics;
using MisterP.Posterior;

namespace MisterP.Poststrat;

/// <summary>
/// Post-stratification (DESIGN §6): for every posterior draw s and frame cell, p̂_s(cell) (epred or a simulated
/// share); per group g of each grouping set, Σ N·p̂_s / Σ N; then mean, sd and quantiles of those per-draw group
/// estimates. The frame streams through in chunks, so memory is chunk × draws-parameters plus groups × draws.
/// </summary>
public static class Poststratifier
{
    public static PoststratResult Run(
        ModelShape design,
        DesignRecipe recipe,
        PosteriorDraws draws,
        ITableSource frame,
        PoststratOptions options,
        IProgress<PoststratProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (options.Interval is <= 0 or >= 1)
        {
            throw new UserInputException($"--interval must lie strictly between 0 and 1 (got {options.Interval}).");
        }

        var grouping = options.By.SelectMany(b => b).Distinct(StringComparer.Ordinal).ToList();
        var columns = recipe.RequiredColumns.Concat(grouping).Append(options.Weight).Distinct(StringComparer.Ordinal).ToList();
        FrameChecks.Validate(frame, columns, options.Weight);

        var parameters = PosteriorParameters.From(design, draws);
        var newLevels = new NewLevelEffects(parameters, options.Seed);
        var accumulators = options.By
            .Select(set => new GroupAccumulator(GroupingSet.Label(set), set, parameters.DrawCount))
            .ToList();
        var predictive = options.Kind == PredictionKind.Pps
            ? Enumerable.Range(0, parameters.DrawCount).Select(s => Xoshiro256.ForChain(options.Seed, s + 1_000_000)).ToArray()
            : null;

        var total = progress is null ? 0 : frame.CountRows(columns);
        long rows = 0;
        foreach (var chunk in frame.ReadChunks(columns, options.ChunkRows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var table = chunk.Table;
            var encoded = recipe.Encode(table);
            var weights = ((NumericColumn)table[options.Weight]).Values;
            var groupIds = accumulators.Select(a => a.Assign(a.Columns.Select(c => TextValues(table[c])).ToList(), weights)).ToList();
            var effects = ResolveEffects(encoded, parameters, newLevels);
            var predictor = new CellPredictor(design, parameters, encoded, effects);
            Parallel.For(0, parameters.DrawCount, () => new double[table.RowCount], (s, _, buffer) =>
            {
                predictor.Predict(s, buffer);
                if (predictive is not null)
                {
                    Simulate(design.Family, parameters, s, weights, buffer, predictive[s]);
                }

                for (var a = 0; a < accumulators.Count; a++)
                {
                    accumulators[a].Add(s, groupIds[a], weights, buffer);
                }

                return buffer;
            }, _ => { });
            rows += table.RowCount;
            progress?.Report(new PoststratProgress(rows, total));
        }

        var estimates = accumulators.SelectMany(a => a.Summarize(options.Interval, options.KeepDraws)).ToList();
        return new PoststratResult(grouping, estimates, newLevels.Levels, rows, parameters.DrawCount);
    }

    /// <summary>Per group term, the effect draws each frame row uses: the fitted level's, or a new level's fresh draws.</summary>
    private static RowEffects[] ResolveEffects(FrameDesign encoded, PosteriorParameters parameters, NewLevelEffects newLevels)
    {
        var result = new RowEffects[encoded.Groups.Count];
        for (var k = 0; k < encoded.Groups.Count; k++)
        {
            var frameGroup = encoded.Groups[k];
            var fresh = frameGroup.NewLevels.Select(level => newLevels.For(k, level)).ToArray();
            result[k] = new RowEffects(frameGroup.LevelIndex, frameGroup.Z, parameters.Groups[k], fresh);
        }

        return result;
    }

    /// <summary>Replaces expected values by the simulated mean outcome of each cell's N units.</summary>
    private static void Simulate(Family family, PosteriorParameters parameters, int s, double[] weights, double[] values, Xoshiro256 random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var n = weights[i];
            if (n <= 0)
            {
                continue;
            }

            values[i] = family switch
            {
                Family.Bernoulli or Family.Binomial => PredictiveSampling.Binomial(random, Math.Round(n), values[i]) / Math.Round(n),
                Family.Poisson => PredictiveSampling.Poisson(random, n * values[i]) / n,
                Family.NegativeBinomial => NegativeBinomialMean(random, n, values[i], parameters.Shape![s]),
                _ => values[i] + parameters.Sigma![s] / Math.Sqrt(n) * random.Normal(),
            };
        }
    }

    // The total of N iid NB(μ, φ) units is NB(Nμ, Nφ): a Poisson with a Gamma(Nφ, rate Nφ/(Nμ)) mean.
    private static double NegativeBinomialMean(Xoshiro256 random, double n, double mu, double shape)
    {
        var lambda = PredictiveSampling.Gamma(random, n * shape) * mu / shape;
        return PredictiveSampling.Poisson(random, lambda) / n;
    }

    private static string[] TextValues(DataColumn column) => column switch
    {
        TextColumn t => t.Values,
        NumericColumn n => n.Values.Select(LevelText.Format).ToArray(),
        _ => throw new InvalidOperationException($"Unknown column type {column.GetType().Name}."),
    };
}
