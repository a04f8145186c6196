using System.Globalization;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Numerics;
using MisterP.Posterior;

namespace MisterP.Poststrat;

/// <summary>
/// Post-stratification of a fit whose outcome is one of K categories (cumulative, categorical, multinomial): per draw
/// s and frame cell, the cell's linear predictor(s) from the shared <see cref="CellPredictor"/> (identity link) and the
/// whole category distribution from the family's <see cref="ICategoryDistribution"/>; per group, Σ N·P_k / Σ N for
/// every category, then per draw the derived quantities (mean score, top-k share, NPS for ordered outcomes), each
/// summarised like a binary fit's estimate. Every quantity is computed draw by draw, so its interval, R̂ and ESS are
/// those of its own posterior. With --finite-population each frame cell's respondents keep their own answers and only
/// the rest of the cell is predicted (<see cref="FiniteCategoryShares"/>).
/// </summary>
internal static class CategoryPoststratifier
{
    private const int BlockDraws = 256;

    /// <summary>One linear predictor's draws: its GLM-named parameters, their SIMD columns and its new levels' effects.</summary>
    private sealed record PredictorDraws(ModelShape Shape, PosteriorParameters Parameters, DrawColumns Columns, NewLevelEffects NewLevels);

    /// <param name="respondents">With --finite-population, the fit's respondents per cell and category; else null.</param>
    public static PoststratResult Run(PoststratModel model, ITableSource frame, PoststratOptions options, RespondentCells? respondents, IProgress<PoststratProgress>? progress, CancellationToken cancellationToken)
    {
        var shape = model.Shape;
        var family = FamilyNames.Of(shape.Family);
        var categories = shape.Categories ?? throw new UserInputException("The fit's model.json lists no categories; refit it with this version of mrp.");
        var k = categories.Count;
        var ordered = shape.Family == Family.Cumulative;
        if (respondents is not null && respondents.Width != k)
        {
            throw new ArgumentException($"The respondents have {respondents.Width} observed value(s) per cell, the outcome {k} categories.", nameof(respondents));
        }

        ContrastCheck.RequireGroupingSets(options.Contrasts, options.By);

        if (!ordered && (options.Scores is not null || options.Top is not null || options.Nps))
        {
            throw new UserInputException($"--score, --top and --nps need ordered categories; a {family} fit's categories are unordered, so poststrat reports each category's share.");
        }

        var scores = ordered ? Scores(categories, options.Scores) : [];
        if (options.Top is { } top && (top < 1 || top >= k))
        {
            throw new UserInputException($"--top {top}: give a number of top categories from 1 to {k - 1} (the outcome has {k} categories).");
        }

        if (options.Nps && !categories.SequenceEqual(Enumerable.Range(0, 11).Select(i => i.ToString(CultureInfo.InvariantCulture))))
        {
            throw new UserInputException($"--nps needs a 0–10 outcome (categories exactly 0..10); this fit's categories are {string.Join(",", categories)}.");
        }

        var recipe = model.Recipe;
        var (grouping, columns) = FramePreamble.Run(model, frame, options);
        var predictors = Predictors(model, options.Seed);
        ICategoryDistribution distribution = ordered
            ? new CumulativeDistribution(shape.Link, Thresholds(model, k - 1, predictors[0].Parameters.DrawCount), k)
            : new SoftmaxDistribution(k);
        var drawCount = predictors[0].Parameters.DrawCount;
        // pps: each draw's own random stream (as for binary fits), used by the one thread that owns the draw, rows in order.
        var predictive = options.Kind == PredictionKind.Pps
            ? Enumerable.Range(0, drawCount).Select(s => Xoshiro256.ForChain(options.Seed, s + 1_000_000)).ToArray()
            : null;
        var stride = predictors[0].Columns.Stride;
        var j = predictors.Count;
        var sets = options.By.Select(set => Enumerable.Range(0, k).Select(_ => new GroupAccumulator(GroupingSet.Label(set), set, drawCount)).ToArray()).ToList();
        var blocks = (stride + BlockDraws - 1) / BlockDraws;
        var total = progress is null ? 0 : frame.CountRows(columns);
        long rows = 0;
        foreach (var chunk in frame.ReadChunks(columns, options.ChunkRows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var table = chunk.Table;
            var encoded = recipe.Encode(table);
            var weights = ((NumericColumn)table[options.Weight]).Values;
            // Every category's accumulator learns the groups and their population; the ids agree, being assigned alike.
            var groupIds = sets.Select(accumulators => accumulators.Select(a => a.Assign(a.Columns.Select(c => TextValues(table[c])).ToList(), weights)).ToList()[0]).ToList();
            var cellPredictors = predictors.Select(p =>
            {
                var fresh = encoded.Groups.Select((g, t) => (IReadOnlyList<double[]>)g.NewLevels.Select(level => p.NewLevels.For(t, level)).ToList()).ToList();
                return new CellPredictor(p.Shape, p.Columns, null, encoded, fresh);
            }).ToArray();
            // Finite population: the respondents' own answers, only the rest of each cell predicted.
            var finite = respondents is null ? null : new FiniteCategoryShares(respondents, table, rows, weights);
            // Buffer: η per predictor, then the probabilities per category, BlockDraws each; then one draw's η and P.
            Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellationToken }, () => new double[(j + k) * BlockDraws + j + k], (b, _, buffer) =>
            {
                var first = b * BlockDraws;
                var length = Math.Min(BlockDraws, stride - first);
                var real = Math.Min(length, drawCount - first);
                var eta = buffer.AsSpan((j + k) * BlockDraws, j);
                var probabilities = buffer.AsSpan((j + k) * BlockDraws + j, k);
                for (var i = 0; i < weights.Length; i++)
                {
                    if (weights[i] == 0)
                    {
                        continue;
                    }

                    for (var p = 0; p < j; p++)
                    {
                        cellPredictors[p].Predict(i, first, buffer.AsSpan(p * BlockDraws, length), null);
                    }

                    for (var l = 0; l < real; l++)
                    {
                        for (var p = 0; p < j; p++)
                        {
                            eta[p] = buffer[p * BlockDraws + l];
                        }

                        distribution.Probabilities(first + l, eta, probabilities);
                        if (finite is not null)
                        {
                            finite.Apply(i, probabilities, predictive?[first + l]);
                        }
                        else if (predictive is not null)
                        {
                            PredictiveSampling.MultinomialShares(predictive[first + l], weights[i], probabilities);
                        }

                        for (var c = 0; c < k; c++)
                        {
                            buffer[(j + c) * BlockDraws + l] = probabilities[c];
                        }
                    }

                    for (var s = 0; s < sets.Count; s++)
                    {
                        for (var c = 0; c < k; c++)
                        {
                            sets[s][c].Add(groupIds[s][i], weights[i], buffer.AsSpan((j + c) * BlockDraws, length), first);
                        }
                    }
                }

                return buffer;
            }, _ => { });
            rows += table.RowCount;
            progress?.Report(new PoststratProgress(rows, total));
        }

        cancellationToken.ThrowIfCancellationRequested();
        respondents?.RequireAllMatched(frame.Description);
        var layout = model.Layout;
        var estimates = new List<GroupEstimate>();
        // Per grouping set, each quantity's (and category's) per-draw group estimates, in order, for the contrasts.
        var series = new Dictionary<string, List<(string Quantity, string Category, List<GroupDraws> Groups)>>(StringComparer.Ordinal);
        foreach (var accumulators in sets)
        {
            var perQuantity = series[accumulators[0].Label] = [];
            var perCategory = accumulators.Select(a => a.Groups(options.LevelOrder)).ToArray();
            for (var g = 0; g < perCategory[0].Count; g++)
            {
                var group = perCategory[0][g];
                var shares = perCategory.Select(c => c[g].Draws).ToArray();
                GroupEstimate Estimate(string quantity, string category, double[] draws)
                {
                    var index = perQuantity.FindIndex(q => q.Quantity == quantity && q.Category == category);
                    if (index < 0)
                    {
                        perQuantity.Add((quantity, category, []));
                        index = perQuantity.Count - 1;
                    }

                    perQuantity[index].Groups.Add(new GroupDraws(group.Keys, group.Population, draws));
                    return new(accumulators[0].Label, group.Keys, EstimateSummary.Of(draws, layout, options.Interval), group.Population)
                    {
                        Quantity = quantity,
                        Category = category,
                        Draws = options.KeepDraws ? draws : null,
                    };
                }

                for (var c = 0; c < k; c++)
                {
                    estimates.Add(Estimate("share", categories[c], shares[c]));
                }

                if (!ordered)
                {
                    continue;
                }

                estimates.Add(Estimate("mean", "", Combine(shares, c => scores[c])));
                if (options.Top is { } t)
                {
                    estimates.Add(Estimate($"top_{t}", "", Combine(shares, c => c >= k - t ? 1 : 0)));
                }

                if (options.Nps)
                {
                    estimates.Add(Estimate("nps", "", Combine(shares, c => c >= 9 ? 100 : c <= 6 ? -100 : 0)));
                }
            }
        }

        // Each contrast for every quantity (and category): the per-draw difference of the two groups' values.
        var contrasts = options.Contrasts.SelectMany(contrast => series[sets.First(a => a[0].Columns.Count == 1 && a[0].Columns[0] == contrast.Variable)[0].Label].Select(q =>
        {
            var difference = ContrastCheck.Difference(contrast, q.Groups);
            return new ContrastEstimate(contrast, EstimateSummary.Of(difference, layout, options.Interval))
            {
                Quantity = q.Quantity,
                Category = q.Category,
                Draws = options.KeepDraws ? difference : null,
            };
        })).ToList();
        return new PoststratResult(grouping.ToList(), ExtrapolatedGroups.Mark(recipe, estimates), predictors[0].NewLevels.Levels, rows, layout) { Contrasts = contrasts, Interval = options.Interval };
    }

    /// <summary>
    /// The fit's linear predictors with the identity link: a cumulative fit's one η, or each non-reference category's
    /// (its draws renamed to GLM names by <see cref="CategoryDraws"/>). New levels get independent effects per
    /// category, as the categories' group effects are independent in the model.
    /// </summary>
    private static IReadOnlyList<PredictorDraws> Predictors(PoststratModel model, ulong seed)
    {
        var shape = model.Shape with { Link = Link.Identity };
        if (shape.Family == Family.Cumulative)
        {
            return [Bundle(shape, model.Draws, seed)];
        }

        var names = new CategoryNames(shape.Categories!);
        var glm = shape with { Family = Family.Binomial };
        return Enumerable.Range(1, shape.Categories!.Count - 1)
            .Select(c => Bundle(glm, CategoryDraws.For(model.Draws, names, c), seed ^ ((ulong)c * 0x9E3779B97F4A7C15UL)))
            .ToList();
    }

    private static PredictorDraws Bundle(ModelShape shape, PosteriorDraws draws, ulong seed)
    {
        var parameters = PosteriorParameters.From(shape, draws);
        return new PredictorDraws(shape, parameters, DrawColumns.From(parameters), new NewLevelEffects(parameters, seed));
    }

    /// <summary>Per draw, Σ_k weight(k)·share_k.</summary>
    private static double[] Combine(double[][] shares, Func<int, double> weight)
    {
        var result = new double[shares[0].Length];
        for (var c = 0; c < shares.Length; c++)
        {
            var w = weight(c);
            if (w == 0)
            {
                continue;
            }

            for (var s = 0; s < result.Length; s++)
            {
                result[s] += w * shares[c][s];
            }
        }

        return result;
    }

    private static double[] Scores(IReadOnlyList<string> categories, IReadOnlyList<double>? given)
    {
        if (given is not null)
        {
            return given.Count == categories.Count
                ? given.ToArray()
                : throw new UserInputException($"--score gives {given.Count} value(s), but the outcome has {categories.Count} categories ({string.Join(",", categories)}); give one value per category, lowest first.");
        }

        var numbers = categories.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        return numbers.Any(double.IsNaN) ? Enumerable.Range(1, categories.Count).Select(i => (double)i).ToArray() : numbers;
    }

    /// <summary>b_Intercept[1..K−1] per draw, <c>[s·(K−1) + k]</c>, chains concatenated in order.</summary>
    private static double[] Thresholds(PoststratModel model, int count, int total)
    {
        var draws = model.Draws;
        var columns = Enumerable.Range(1, count).Select(k => draws.ParameterNames.ToList().IndexOf($"b_Intercept[{k}]")).ToArray();
        if (columns.Any(c => c < 0))
        {
            throw new UserInputException("The fit's draws have no b_Intercept[k] thresholds; was the fit folder written by a different model? Refit it.");
        }

        var result = new double[total * count];
        var s = 0;
        var width = draws.ParameterNames.Count;
        for (var chain = 0; chain < draws.ChainCount; chain++)
        {
            var values = draws.ChainParameters(chain);
            for (var d = 0; d < draws.DrawsPerChain; d++, s++)
            {
                for (var k = 0; k < count; k++)
                {
                    result[s * count + k] = values[d * width + columns[k]];
                }
            }
        }

        return result;
    }

    private static string[] TextValues(DataColumn column) => column switch
    {
        TextColumn t => t.Values,
        NumericColumn n => LevelText.FormatAll(n.Values),
        _ => throw new InvalidOperationException($"Unknown column type {column.GetType().Name}."),
    };
}
