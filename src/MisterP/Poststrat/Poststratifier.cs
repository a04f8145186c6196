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
    /// <summary>Draws per parallel work item: their parameters (≈ 8·P·256 bytes) stay in a core's L2 cache.</summary>
    private const int BlockDraws = 256;

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

        if (CategoryFamilies.HasCategories(model.Shape.Family))
        {
            return CategoryPoststratifier.Run(model, frame, options, options.FinitePopulation ? respondents : null, progress, cancellationToken);
        }

        var finite = options.FinitePopulation ? respondents : null;
        ContrastCheck.RequireGroupingSets(options.Contrasts, options.By);
        var design = model.Shape;
        var recipe = model.Recipe;
        // The draws' preparation needs no frame: on a second core it overlaps the frame checks (SQL in the frame's engine).
        var preparing = Task.Run(() =>
        {
            var parameters = PosteriorParameters.From(design, model.Draws);
            var columnsOfDraws = DrawColumns.From(parameters);
            return (parameters, columnsOfDraws, ExpFactors.For(design, columnsOfDraws));
        });
        var (grouping, columns) = FramePreamble.Run(model, frame, options);

        var (parameters, columnsOfDraws, factors) = preparing.GetAwaiter().GetResult();
        var layout = model.Layout;
        var newLevels = new NewLevelEffects(parameters, options.Seed);
        var accumulators = options.By
            .Select(set => new GroupAccumulator(GroupingSet.Label(set), set, parameters.DrawCount))
            .ToList();
        var predictive = options.Kind == PredictionKind.Pps
            ? Enumerable.Range(0, parameters.DrawCount).Select(s => Xoshiro256.ForChain(options.Seed, s + 1_000_000)).ToArray()
            : null;

        var total = progress is null ? 0 : frame.CountRows(columns);
        var state = new RunState(design.Family, parameters, predictive, accumulators);
        var blocks = (columnsOfDraws.Stride + BlockDraws - 1) / BlockDraws;
        long rows = 0;
        foreach (var chunk in frame.ReadChunks(columns, options.ChunkRows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var table = chunk.Table;
            var encoded = recipe.Encode(table);
            var weights = ((NumericColumn)table[options.Weight]).Values;
            var groupIds = accumulators.Select(a => a.Assign(a.Columns.Select(c => TextValues(table[c])).ToList(), weights)).ToList();
            var fresh = encoded.Groups.Select((g, k) => (IReadOnlyList<double[]>)g.NewLevels.Select(level => newLevels.For(k, level)).ToList()).ToList();
            var predictor = new CellPredictor(design, columnsOfDraws, factors, encoded, fresh);
            // Units whose outcome is predicted: the whole cell, or (finite population) the cell minus its respondents.
            var unpredicted = weights;
            double[]? observed = null;
            if (finite is not null)
            {
                unpredicted = new double[table.RowCount];
                observed = new double[table.RowCount];
                finite.Match(table, rows, weights, unpredicted, observed);
            }

            // Parallel over blocks of draws, rows in order within each: every draw's sums (and, for pps, its random
            // stream) belong to one thread and see rows in frame order, whatever the thread count.
            var pass = new ChunkPass(predictor, weights, unpredicted, observed, groupIds);
            // The token also stops between blocks: a frame that fits in one chunk would otherwise ignore Ctrl-C.
            Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellationToken }, () => new double[BlockDraws], (b, _, buffer) =>
            {
                var first = b * BlockDraws;
                var values = buffer.AsSpan(0, Math.Min(BlockDraws, columnsOfDraws.Stride - first));
                AccumulateBlock(pass, state, first, values, predictor.Prepare(first, values.Length));
                return buffer;
            }, _ => { });
            rows += table.RowCount;
            progress?.Report(new PoststratProgress(rows, total));
        }

        cancellationToken.ThrowIfCancellationRequested();
        finite?.RequireAllMatched(frame.Description);
        var (estimates, contrasts) = Summarize(accumulators, options, layout);
        return new PoststratResult(grouping, ExtrapolatedGroups.Mark(recipe, estimates), newLevels.Levels, rows, layout) { Contrasts = contrasts, Interval = options.Interval };
    }

    /// <summary>What every chunk shares: the family, the draws, the pps random streams (one per draw) and the sums.</summary>
    private sealed record RunState(Family Family, PosteriorParameters Parameters, Xoshiro256[]? Predictive, IReadOnlyList<GroupAccumulator> Accumulators);

    /// <summary>
    /// One chunk's rows: their predictor, counts N, units to predict (N, or N − respondents), respondents' observed
    /// totals (finite population) and group ids per grouping set.
    /// </summary>
    private sealed record ChunkPass(CellPredictor Predictor, double[] Weights, double[] Unpredicted, double[]? Observed, IReadOnlyList<int[]> GroupIds);

    /// <summary>Adds every row of a chunk to the sums of draws <paramref name="first"/> … (the length of <paramref name="values"/>).</summary>
    private static void AccumulateBlock(ChunkPass chunk, RunState state, int first, Span<double> values, ProductPlan.BlockFactors? factors)
    {
        var real = Math.Min(values.Length, state.Parameters.DrawCount - first);
        var (predictive, observed) = (state.Predictive, chunk.Observed);
        for (var i = 0; i < chunk.Weights.Length; i++)
        {
            // A cell nobody lives in adds nothing (and draws no random numbers).
            if (chunk.Weights[i] == 0)
            {
                continue;
            }

            chunk.Predictor.Predict(i, first, values, factors);
            for (var l = 0; (predictive is not null || observed is not null) && l < real; l++)
            {
                if (predictive is not null)
                {
                    values[l] = SimulatedMean(state.Family, state.Parameters, first + l, chunk.Unpredicted[i], values[l], predictive[first + l]);
                }

                if (observed is not null)
                {
                    // Finite population: (Σ observed + (N − n)·p̂) / N, respondents as observed, the rest predicted.
                    values[l] = (observed[i] + chunk.Unpredicted[i] * values[l]) / chunk.Weights[i];
                }
            }

            for (var a = 0; a < state.Accumulators.Count; a++)
            {
                state.Accumulators[a].Add(chunk.GroupIds[a][i], chunk.Weights[i], values, first);
            }
        }
    }

    /// <summary>Summaries (in parallel over groups) of every group's per-draw estimates, and the contrasts.</summary>
    private static (GroupEstimate[] Estimates, List<ContrastEstimate> Contrasts) Summarize(
        IReadOnlyList<GroupAccumulator> accumulators, PoststratOptions options, DrawLayout layout)
    {
        // Loops rather than LINQ over tuples: instantiations over value types are compiled at run time even under
        // ReadyToRun, and these run once, after the prediction, on the serial path.
        var groups = new IReadOnlyList<GroupDraws>[accumulators.Count];
        var (labels, all) = (new List<string>(), new List<GroupDraws>());
        for (var k = 0; k < groups.Length; k++)
        {
            groups[k] = accumulators[k].Groups(options.LevelOrder);
            foreach (var group in groups[k])
            {
                labels.Add(accumulators[k].Label);
                all.Add(group);
            }
        }

        var estimates = new GroupEstimate[all.Count];
        Parallel.For(0, all.Count, i =>
        {
            var group = all[i];
            estimates[i] = new GroupEstimate(labels[i], group.Keys, EstimateSummary.Of(group.Draws, layout, options.Interval), group.Population)
            {
                Draws = options.KeepDraws ? group.Draws : null,
            };
        });
        var contrasts = options.Contrasts.Select(contrast =>
        {
            var set = groups[accumulators.Select(a => a.Columns).ToList().FindIndex(c => c.Count == 1 && c[0] == contrast.Variable)];
            var difference = ContrastCheck.Difference(contrast, set);
            return new ContrastEstimate(contrast, EstimateSummary.Of(difference, layout, options.Interval))
            {
                Draws = options.KeepDraws ? difference : null,
            };
        }).ToList();
        return (estimates, contrasts);
    }

    /// <summary>The mean outcome of <paramref name="n"/> units simulated around their expected value (pps).</summary>
    private static double SimulatedMean(Family family, PosteriorParameters parameters, int s, double n, double mean, Xoshiro256 random)
    {
        if (n <= 0)
        {
            return mean;
        }

        return family switch
        {
            Family.Bernoulli or Family.Binomial => BinomialMean(random, n, mean),
            Family.Poisson => PredictiveSampling.Poisson(random, n * mean) / n,
            Family.NegativeBinomial => NegativeBinomialMean(random, n, mean, parameters.Shape![s]),
            _ => mean + parameters.Sigma![s] / Math.Sqrt(n) * random.Normal(),
        };
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
        var lambda = random.Gamma(n * shape) * mu / shape;
        return PredictiveSampling.Poisson(random, lambda) / n;
    }

    private static string[] TextValues(DataColumn column) => column switch
    {
        TextColumn t => t.Values,
        NumericColumn n => LevelText.FormatAll(n.Values),
        _ => throw new InvalidOperationException($"Unknown column type {column.GetType().Name}."),
    };
}
