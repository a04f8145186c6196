using MisterP.Design;
using MisterP.Families;
using MisterP.Posterior;
using MisterP.Poststrat;

namespace MisterP.Checking;

/// <summary>
/// The pointwise log-likelihood, PSIS-LOO and WAIC of a categorical or multinomial fit: per cell and draw, each
/// non-reference category's η (<see cref="CellPredictor"/> over the category's brms-named draws, as post-stratification
/// reads them), log P(y = k | cell) by a log-sum-exp, then the columns <see cref="FitLogLikelihood"/> defines for every
/// categorical family — per respondent log P(y = k | cell) standing for its count, per cell the multinomial log
/// density with log(n!/∏n_k!).
/// </summary>
internal static class SoftmaxLogLikelihood
{
    public static FitLoo Compute(DesignResult design, PosteriorDraws draws, LooUnit unit)
    {
        var model = design.Design;
        var columns = FitLogLikelihood.Columns(design, unit);
        var categories = model.Response.Categories!;
        var k = categories.Count;
        var names = new CategoryNames(categories);
        var shape = ModelShape.Of(model) with { Family = Family.Binomial, Link = Link.Identity };
        var predictors = Enumerable.Range(1, k - 1).Select(c =>
        {
            var parameters = PosteriorParameters.From(shape, CategoryDraws.For(draws, names, c));
            return CellPredictor.OverFitCells(model, shape, DrawColumns.From(parameters));
        }).ToArray();
        var s = draws.ChainCount * draws.DrawsPerChain;
        var stride = DrawColumns.StrideFor(s);
        var firstColumn = new int[model.CellCount + 1];
        foreach (var column in columns)
        {
            firstColumn[column.Cell + 1]++;
        }

        for (var i = 0; i < model.CellCount; i++)
        {
            firstColumn[i + 1] += firstColumn[i];
        }

        var loo = new LooPointwise[columns.Count];
        var waic = new WaicPointwise[columns.Count];
        Parallel.For(0, model.CellCount, () => new Buffers(stride, s, k), (i, _, buffers) =>
        {
            for (var c = 0; c < k - 1; c++)
            {
                predictors[c].LinearPredictor(i, 0, buffers.Eta.AsSpan(c * stride, stride));
            }

            LogProbabilities(buffers, s, k, stride);
            for (var j = firstColumn[i]; j < firstColumn[i + 1]; j++)
            {
                var ll = buffers.Ll.AsSpan(0, s);
                FitLogLikelihood.CategoryColumn(model, i, columns[j], k, buffers.LogCategory, ll);
                (loo[j], waic[j]) = PsisLoo.Column(columns[j].Name, columns[j].Count, ll, draws.ChainCount, buffers.Columns);
            }

            return buffers;
        }, _ => { });

        return new FitLoo(PsisLoo.Summarize(loo, s), Waic.Summarize(waic), unit, design, columns);
    }

    /// <summary>log P(y = k) per draw, <c>[k·S + d]</c>: η_k − log(1 + Σ_c e^{η_c}) with η_0 = 0, around the largest η.</summary>
    private static void LogProbabilities(Buffers buffers, int draws, int categories, int stride)
    {
        for (var d = 0; d < draws; d++)
        {
            var m = 0.0;
            for (var c = 0; c < categories - 1; c++)
            {
                m = Math.Max(m, buffers.Eta[c * stride + d]);
            }

            var sum = Math.Exp(-m);
            for (var c = 0; c < categories - 1; c++)
            {
                sum += Math.Exp(buffers.Eta[c * stride + d] - m);
            }

            var lse = m + Math.Log(sum);
            buffers.LogCategory[d] = -lse;
            for (var c = 1; c < categories; c++)
            {
                buffers.LogCategory[c * draws + d] = buffers.Eta[(c - 1) * stride + d] - lse;
            }
        }
    }

    /// <summary>One thread's work arrays.</summary>
    private sealed class Buffers(int stride, int draws, int categories)
    {
        public double[] Eta { get; } = new double[stride * (categories - 1)];

        public double[] LogCategory { get; } = new double[draws * categories];

        public double[] Ll { get; } = new double[draws];

        public ColumnBuffers Columns { get; } = new(draws);
    }
}
