using MisterP.Checking;
using MisterP.Design;
using MisterP.Families;
using MisterP.Numerics;
using MisterP.Posterior;
using MisterP.Poststrat;

namespace MisterP.Plots;

/// <summary>
/// One group's observed share of one category in the fit's data, the distribution of its replicated shares and the
/// posterior predictive p-value P(T_rep ≥ T_obs) with ties counted half, as in <see cref="PredictiveGroup"/>.
/// </summary>
public sealed record PredictiveCategory(string Level, string Category, double Units, double Observed, double ReplicatedMean, double Lower, double Upper, double PValue);

/// <summary>
/// Posterior predictive check of an ordinal (cumulative) fit (Gelman et al. 2013, ch. 6): for every draw, each cell of
/// the fit's data draws its rows' categories anew (multinomial with P(y = k) = F(c_k − η) − F(c_{k−1} − η)), and each
/// group's replicated category shares are set against the observed ones. A weighted row counts its weight, as it
/// does in the likelihood, so observed and replicated shares are on the same scale.
/// </summary>
public sealed class OrdinalPredictiveCheck
{
    private const int BlockDraws = 256;

    private OrdinalPredictiveCheck(string group, IReadOnlyList<string> categories, IReadOnlyList<PredictiveCategory> rows, int draws, double interval)
    {
        Group = group;
        Categories = categories;
        Rows = rows;
        Draws = draws;
        Interval = interval;
    }

    /// <summary>The grouping factor ("state"), or "(all)" for the data as a whole.</summary>
    public string Group { get; }

    /// <summary>The outcome's categories in order.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Per group (in the factor's level order), every category in order.</summary>
    public IReadOnlyList<PredictiveCategory> Rows { get; }

    public int Draws { get; }

    public double Interval { get; }

    /// <summary>(Group, category) shares observed outside their replicated interval.</summary>
    public int Outside => Rows.Count(r => r.Observed < r.Lower || r.Observed > r.Upper);

    /// <param name="design">The fit's cells with their category counts, rebuilt from its data.</param>
    /// <param name="by">A grouping factor of the model; null for the first one; "" for all data.</param>
    public static OrdinalPredictiveCheck Compute(ModelDesign design, PosteriorDraws draws, string? by, double interval = 0.9, ulong seed = 1)
    {
        DrawSummary.CheckInterval(interval);
        var response = design.Response;
        var categories = response.Categories ?? throw new ArgumentException("The design has no categories.", nameof(design));
        var counts = response.CategoryCounts!;
        var k = categories.Count;
        var (label, levels, levelOf) = PredictiveCheck.Grouping(design, by);
        var g = levels.Count;
        var shape = ModelShape.Of(design);
        var parameters = PosteriorParameters.From(shape, draws);
        var columns = DrawColumns.From(parameters);
        var predictor = CellPredictor.OverFitCells(design, shape, columns);
        var thresholds = ThresholdDraws.From(draws, k - 1);

        var units = new double[g];
        var observed = new double[g * k];
        for (var i = 0; i < design.CellCount; i++)
        {
            for (var c = 0; c < k; c++)
            {
                observed[levelOf[i] * k + c] += counts[i * k + c];
                units[levelOf[i]] += counts[i * k + c];
            }
        }

        var total = parameters.DrawCount;
        var replicated = new double[total * g * k];
        var blocks = (columns.Stride + BlockDraws - 1) / BlockDraws;
        Parallel.For(0, blocks, b =>
        {
            // One random stream per draw, cells in order: the result does not depend on how blocks meet threads.
            var first = b * BlockDraws;
            var eta = new double[Math.Min(BlockDraws, columns.Stride - first)];
            var real = Math.Min(eta.Length, total - first);
            var random = Enumerable.Range(first, Math.Max(0, real)).Select(s => Xoshiro256.ForChain(seed, s + 2_000_000)).ToArray();
            var shares = new double[k];
            for (var i = 0; i < design.CellCount; i++)
            {
                predictor.LinearPredictor(i, first, eta);
                var weight = response.Weights?[i] ?? 1;
                for (var l = 0; l < real; l++)
                {
                    var s = first + l;
                    CumulativeKernel.Probabilities(design.Link, thresholds.AsSpan(s * (k - 1), k - 1), eta[l] + (response.Offset?[i] ?? 0), shares);
                    PredictiveSampling.Multinomial(random[l], response.RowsPerCell[i], shares);
                    var slot = (s * g + levelOf[i]) * k;
                    for (var c = 0; c < k; c++)
                    {
                        replicated[slot + c] += weight * shares[c];
                    }
                }
            }
        });

        var rows = new List<PredictiveCategory>(g * k);
        var values = new double[total];
        for (var level = 0; level < g; level++)
        {
            if (units[level] <= 0)
            {
                continue;
            }

            for (var c = 0; c < k; c++)
            {
                var score = 0.0;
                var count = observed[level * k + c];
                for (var s = 0; s < total; s++)
                {
                    var r = replicated[(s * g + level) * k + c];
                    values[s] = r / units[level];
                    // Compared on counts, so a replicated count equal to the observed one is a tie exactly.
                    score += r > count ? 1 : r == count ? 0.5 : 0;
                }

                var summary = DrawSummary.Of(values, interval);
                rows.Add(new PredictiveCategory(levels[level], categories[c], units[level], count / units[level], summary.Mean, summary.Lower, summary.Upper, score / total));
            }
        }

        return new OrdinalPredictiveCheck(label, categories, rows, total, interval);
    }
}
