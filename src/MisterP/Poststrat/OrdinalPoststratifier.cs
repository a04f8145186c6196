using System.Globalization;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;

namespace MisterP.Poststrat;

/// <summary>
/// Post-stratification of an ordinal (cumulative) fit: per draw s and frame cell, η from the shared
/// <see cref="CellPredictor"/> (identity link) and the whole category distribution P(y = k) = F(c_k − η) − F(c_{k−1} − η);
/// per group, Σ N·P_k / Σ N for every category, then per draw the derived quantities (mean score, top-k share, NPS),
/// each summarised like a binary fit's estimate. Every quantity is computed draw by draw, so its interval, R̂ and ESS
/// are those of its own posterior.
/// </summary>
internal static class OrdinalPoststratifier
{
    private const int BlockDraws = 256;

    public static PoststratResult Run(PoststratModel model, ITableSource frame, PoststratOptions options, IProgress<PoststratProgress>? progress, CancellationToken cancellationToken)
    {
        var shape = model.Shape;
        var categories = shape.Categories ?? throw new UserInputException("The fit's model.json lists no categories; refit it with this version of mrp.");
        var k = categories.Count;
        if (options.FinitePopulation || options.Kind == PredictionKind.Pps || options.Contrasts.Count > 0)
        {
            throw new UserInputException("--finite-population, --kind pps and --contrast are not yet available for cumulative fits; post-stratify with --kind epred.");
        }

        var scores = Scores(categories, options.Scores);
        if (options.Top is { } top && (top < 1 || top >= k))
        {
            throw new UserInputException($"--top {top}: give a number of top categories from 1 to {k - 1} (the outcome has {k} categories).");
        }

        if (options.Nps && !categories.SequenceEqual(Enumerable.Range(0, 11).Select(i => i.ToString(CultureInfo.InvariantCulture))))
        {
            throw new UserInputException($"--nps needs a 0–10 outcome (categories exactly 0..10); this fit's categories are {string.Join(",", categories)}.");
        }

        var recipe = model.Recipe;
        var grouping = options.By.SelectMany(b => b).Distinct(StringComparer.Ordinal).ToList();
        var columns = recipe.RequiredColumns.Concat(grouping).Append(options.Weight).Distinct(StringComparer.Ordinal).ToList();
        FrameChecks.Validate(frame, columns, options.Weight);
        var check = FrameChecker.Check(FitVariables.FromRecipe(recipe), frame, options.Weight);
        if (check.NewLevels.Count > 0 && !options.AllowNewLevels)
        {
            // As for every other family: a level the fit never saw is usually a spelling or coding mismatch.
            throw new UserInputException(FrameCheckText.Refusal(check, frame.Description));
        }

        // η on the original columns: the same predictor as a GLM's, with the identity link.
        var linear = shape with { Link = Link.Identity };
        var parameters = PosteriorParameters.From(linear, model.Draws);
        var thresholds = Thresholds(model, k - 1, parameters.DrawCount);
        var newLevels = new NewLevelEffects(parameters, options.Seed);
        var sets = options.By.Select(set => Enumerable.Range(0, k).Select(_ => new GroupAccumulator(GroupingSet.Label(set), set, parameters.DrawCount)).ToArray()).ToList();
        var columnsOfDraws = DrawColumns.From(parameters);
        var blocks = (columnsOfDraws.Stride + BlockDraws - 1) / BlockDraws;
        var total = progress is null ? 0 : frame.CountRows(columns);
        long rows = 0;
        foreach (var chunk in frame.ReadChunks(columns, options.ChunkRows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var table = chunk.Table;
            var encoded = recipe.Encode(table);
            var weights = ((NumericColumn)table[options.Weight]).Values;
            var groupIds = sets.Select(accumulators => accumulators.Select(a => a.Assign(a.Columns.Select(c => TextValues(table[c])).ToList(), weights)).ToList()[0]).ToList();
            var fresh = encoded.Groups.Select((g, t) => (IReadOnlyList<double[]>)g.NewLevels.Select(level => newLevels.For(t, level)).ToList()).ToList();
            var predictor = new CellPredictor(linear, columnsOfDraws, null, encoded, fresh);
            Parallel.For(0, blocks, () => new double[(k + 2) * BlockDraws], (b, _, buffer) =>
            {
                var first = b * BlockDraws;
                var length = Math.Min(BlockDraws, columnsOfDraws.Stride - first);
                var eta = buffer.AsSpan(0, length);
                var real = Math.Min(length, parameters.DrawCount - first);
                var probabilities = buffer.AsSpan(BlockDraws, k);
                for (var i = 0; i < weights.Length; i++)
                {
                    if (weights[i] == 0)
                    {
                        continue;
                    }

                    predictor.Predict(i, first, eta, null);
                    for (var l = 0; l < real; l++)
                    {
                        CumulativeKernel.Probabilities(shape.Link, thresholds.AsSpan((first + l) * (k - 1), k - 1), eta[l], probabilities);
                        for (var c = 0; c < k; c++)
                        {
                            buffer[(c + 2) * BlockDraws + l] = probabilities[c];
                        }
                    }

                    for (var s = 0; s < sets.Count; s++)
                    {
                        for (var c = 0; c < k; c++)
                        {
                            sets[s][c].Add(groupIds[s][i], weights[i], buffer.AsSpan((c + 2) * BlockDraws, length), first);
                        }
                    }
                }

                return buffer;
            }, _ => { });
            rows += table.RowCount;
            progress?.Report(new PoststratProgress(rows, total));
        }

        var layout = model.Layout;
        var estimates = new List<GroupEstimate>();
        foreach (var accumulators in sets)
        {
            var perCategory = accumulators.Select(a => a.Groups(options.LevelOrder)).ToArray();
            for (var g = 0; g < perCategory[0].Count; g++)
            {
                var group = perCategory[0][g];
                var shares = perCategory.Select(c => c[g].Draws).ToArray();
                GroupEstimate Estimate(string quantity, string category, double[] draws) =>
                    new(accumulators[0].Label, group.Keys, EstimateSummary.Of(draws, layout, options.Interval), group.Population)
                    {
                        Quantity = quantity,
                        Category = category,
                        Draws = options.KeepDraws ? draws : null,
                    };
                for (var c = 0; c < k; c++)
                {
                    estimates.Add(Estimate("share", categories[c], shares[c]));
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

        return new PoststratResult(grouping, ExtrapolatedGroups.Mark(recipe, estimates), newLevels.Levels, rows, layout);
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
        NumericColumn n => n.Values.Select(LevelText.Format).ToArray(),
        _ => throw new InvalidOperationException($"Unknown column type {column.GetType().Name}."),
    };
}
