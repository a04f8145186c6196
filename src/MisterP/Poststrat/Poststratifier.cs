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
    /// <summary>
    /// Post-stratifies <paramref name="model"/> over <paramref name="frame"/>. <paramref name="respondents"/> are the
    /// fit's respondents per cell, required with <see cref="PoststratOptions.FinitePopulation"/> and ignored otherwise.
    /// </summary>
    public static PoststratResult Run(
        PoststratModel model,
        ITableSource frame,
        PoststratOptions options,
        RespondentCells? respondents = null,
        IProgress<PoststratProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (options.Interval is <= 0 or >= 1)
        {
            throw new UserInputException($"--interval must lie strictly between 0 and 1 (got {options.Interval}).");
        }

        if (options.FinitePopulation && respondents is null)
        {
            throw new ArgumentException("Finite-population post-stratification needs the fit's respondent cells.", nameof(respondents));
        }

        var finite = options.FinitePopulation ? respondents : null;
        ContrastCheck.RequireGroupingSets(options.Contrasts, options.By);
        var design = model.Shape;
        var recipe = model.Recipe;
        var grouping = options.By.SelectMany(b => b).Distinct(StringComparer.Ordinal).ToList();
        var columns = recipe.RequiredColumns.Concat(grouping).Append(options.Weight).Distinct(StringComparer.Ordinal).ToList();
        FrameChecks.Validate(frame, columns, options.Weight);

        var parameters = PosteriorParameters.From(design, model.Draws);
        var layout = model.Layout;
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
            // Units whose outcome is predicted: the whole cell, or (finite population) the cell minus its respondents.
            var unpredicted = weights;
            double[]? observed = null;
            if (finite is not null)
            {
                unpredicted = new double[table.RowCount];
                observed = new double[table.RowCount];
                finite.Match(table, rows, weights, unpredicted, observed);
            }

            Parallel.For(0, parameters.DrawCount, () => new double[table.RowCount], (s, _, buffer) =>
            {
                predictor.Predict(s, buffer);
                if (predictive is not null)
                {
                    Simulate(design.Family, parameters, s, unpredicted, buffer, predictive[s]);
                }

                if (observed is not null)
                {
                    CombineWithObserved(weights, unpredicted, observed, buffer);
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

        finite?.RequireAllMatched(frame.Description);
        var groups = accumulators.Select(a => (a, Groups: a.Groups())).ToList();
        var estimates = groups
            .SelectMany(g => g.Groups.Select(group => (g.a.Label, Group: group)))
            .AsParallel().AsOrdered()
            .Select(x => new GroupEstimate(x.Label, x.Group.Keys, EstimateSummary.Of(x.Group.Draws, layout, options.Interval), x.Group.Population)
            {
                Draws = options.KeepDraws ? x.Group.Draws : null,
            })
            .ToList();
        var contrasts = options.Contrasts.Select(contrast =>
        {
            var set = groups.First(g => g.a.Columns.Count == 1 && g.a.Columns[0] == contrast.Variable).Groups;
            var difference = ContrastCheck.Difference(contrast, set);
            return new ContrastEstimate(contrast, EstimateSummary.Of(difference, layout, options.Interval))
            {
                Draws = options.KeepDraws ? difference : null,
            };
        }).ToList();
        return new PoststratResult(grouping, estimates, newLevels.Levels, rows, layout) { Contrasts = contrasts };
    }

    /// <summary>
    /// Finite population: a cell's mean is (Σ observed + (N − n)·p̂) / N, respondents' outcomes as observed and the
    /// rest predicted (or simulated, for pps).
    /// </summary>
    private static void CombineWithObserved(double[] counts, double[] unpredicted, double[] observed, double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = counts[i] > 0 ? (observed[i] + unpredicted[i] * values[i]) / counts[i] : 0;
        }
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

    /// <summary>Replaces expected values by the simulated mean outcome of each cell's <paramref name="weights"/> units.</summary>
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
                Family.Bernoulli or Family.Binomial => BinomialMean(random, n, values[i]),
                Family.Poisson => PredictiveSampling.Poisson(random, n * values[i]) / n,
                Family.NegativeBinomial => NegativeBinomialMean(random, n, values[i], parameters.Shape![s]),
                _ => values[i] + parameters.Sigma![s] / Math.Sqrt(n) * random.Normal(),
            };
        }
    }

    // Simulated people are whole: a fractional count is rounded, and a cell that rounds to nobody keeps its expected value.
    private static double BinomialMean(Xoshiro256 random, double n, double p)
    {
        var units = Math.Round(n);
        return units > 0 ? PredictiveSampling.Binomial(random, units, p) / units : p;
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
