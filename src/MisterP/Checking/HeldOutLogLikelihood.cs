using MisterP.Design;
using MisterP.Families;
using MisterP.Posterior;
using MisterP.Poststrat;

namespace MisterP.Checking;

/// <summary>
/// The log predictive density of held-out respondents (or cells) under a posterior: per pointwise column of the
/// held-out cells, log (1/S) Σ_s p(y | θ_s), as brms's <c>kfold</c> takes it (<c>log_mean_exp</c> of the held-out
/// log-likelihood). A group level with no cell in the training data is a new level: in every draw its effect is a fresh
/// draw from N(0, Σ_s) of that draw's sds (and correlations), exactly as post-stratification treats levels the fit never
/// saw (<see cref="NewLevelEffects"/>), not the fold's own draws of an effect it had no data for.
/// Binary and binomial families only (the kfold command refuses others before fitting).
/// </summary>
public static class HeldOutLogLikelihood
{
    /// <param name="design">The full data's cells (the fold's training cells are a subset).</param>
    /// <param name="draws">The posterior to predict with (the fold's fit, or the full fit for the in-sample lpd).</param>
    /// <param name="columns">Every pointwise column of <paramref name="design"/> (see <see cref="FitLogLikelihood"/>).</param>
    /// <param name="cells">The cells to evaluate; other columns get NaN.</param>
    /// <param name="seenLevels">Per group term, whether each level has training data; null when every level was seen.</param>
    /// <param name="seed">Seed of the new levels' effects.</param>
    /// <returns>One value per column, NaN for columns outside <paramref name="cells"/>.</returns>
    public static double[] Evaluate(ModelDesign design, PosteriorDraws draws, IReadOnlyList<PointwiseColumn> columns, IReadOnlyList<int> cells,
        IReadOnlyList<bool[]>? seenLevels, ulong seed)
    {
        if (design.Family is not (Family.Bernoulli or Family.Binomial))
        {
            throw new ArgumentException("Held-out log-likelihoods are implemented for binary and binomial families only.");
        }

        var shape = ModelShape.Of(design);
        var parameters = PosteriorParameters.From(shape, draws);
        var drawColumns = DrawColumns.From(parameters);
        var newLevels = new NewLevelEffects(parameters, seed);
        var groups = new List<FrameGroupIndex>();
        var fresh = new List<IReadOnlyList<double[]>>();
        for (var k = 0; k < design.GroupTerms.Count; k++)
        {
            var term = design.GroupTerms[k];
            var index = (int[])term.LevelIndex.Clone();
            var unseen = new List<string>();
            if (seenLevels?[k] is { } seen)
            {
                var newIndex = new Dictionary<int, int>();
                foreach (var cell in cells)
                {
                    var level = term.LevelIndex[cell];
                    if (!seen[level])
                    {
                        if (!newIndex.TryGetValue(level, out var n))
                        {
                            n = newIndex[level] = unseen.Count;
                            unseen.Add(term.Levels[level]);
                        }

                        index[cell] = -1 - n;
                    }
                }
            }

            groups.Add(new FrameGroupIndex { LevelIndex = index, NewLevels = unseen, Z = term.Z });
            fresh.Add(unseen.Select(level => newLevels.For(k, level)).ToList());
        }

        var predictor = new CellPredictor(shape, drawColumns, null, new FrameDesign { RowCount = design.CellCount, X = design.FixedEffects.X, Groups = groups }, fresh);
        var byCell = new List<int>[design.CellCount];
        for (var c = 0; c < columns.Count; c++)
        {
            (byCell[columns[c].Cell] ??= []).Add(c);
        }

        var result = new double[columns.Count];
        Array.Fill(result, double.NaN);
        var s = parameters.DrawCount;
        Parallel.For(0, cells.Count, () => (Eta: new double[drawColumns.Stride], Ll: new double[s]), (r, _, buffers) =>
        {
            var cell = cells[r];
            predictor.LinearPredictor(cell, 0, buffers.Eta);
            var offset = design.Response.Offset?[cell] ?? 0;
            var weight = design.Response.Weights?[cell] ?? 1;
            foreach (var c in byCell[cell] ?? [])
            {
                var column = columns[c];
                for (var d = 0; d < s; d++)
                {
                    var (logP, logQ) = FitLogLikelihood.LogProbabilities(design.Link, buffers.Eta[d] + offset);
                    buffers.Ll[d] = weight * column.Outcome switch
                    {
                        1 => logP,
                        0 => logQ,
                        _ => FitLogLikelihood.BinomialLog(design.Response.Y[cell], design.Response.Trials[cell], logP, logQ),
                    };
                }

                result[c] = LogMeanExp(buffers.Ll);
            }

            return buffers;
        }, _ => { });
        return result;
    }

    /// <summary>log((1/S) Σ exp(x_s)), shifted by the maximum so it cannot overflow.</summary>
    public static double LogMeanExp(ReadOnlySpan<double> x)
    {
        var max = double.NegativeInfinity;
        foreach (var v in x)
        {
            max = Math.Max(max, v);
        }

        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var v in x)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum / x.Length);
    }
}
