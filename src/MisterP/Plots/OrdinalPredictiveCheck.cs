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
/// Posterior predictive check of a fit whose outcome is one of K categories (Gelman et al. 2013, ch. 6): for every
/// draw, each cell of the fit's data draws its respondents' categories anew from the family's
/// <see cref="ICategoryDistribution"/> (cumulative: P(y = k) = F(c_k − η) − F(c_{k−1} − η); categorical and
/// multinomial: the softmax of the K − 1 category predictors), and each group's replicated category shares are set
/// against the observed ones. A weighted row counts its weight, as it does in the likelihood, so observed and
/// replicated shares are on the same scale; a multinomial cell replicates all its counted respondents.
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
        var (predictors, distribution, total, stride) = Predictors(design, draws);
        var j = predictors.Count;

        var units = new double[g];
        var observed = new double[g * k];
        var respondents = new double[design.CellCount];
        for (var i = 0; i < design.CellCount; i++)
        {
            for (var c = 0; c < k; c++)
            {
                observed[levelOf[i] * k + c] += counts[i * k + c];
                units[levelOf[i]] += counts[i * k + c];
                respondents[i] += counts[i * k + c];
            }
        }

        // A cell replicates the rows it stands for (rows of categorical data, respondents of multinomial counts).
        var multinomial = design.Family == Family.Multinomial;
        var replicated = new double[total * g * k];
        var blocks = (stride + BlockDraws - 1) / BlockDraws;
        Parallel.For(0, blocks, b =>
        {
            // One random stream per draw, cells in order: the result does not depend on how blocks meet threads.
            var first = b * BlockDraws;
            var length = Math.Min(BlockDraws, stride - first);
            var etas = Enumerable.Range(0, j).Select(_ => new double[length]).ToArray();
            var real = Math.Min(length, total - first);
            var random = Enumerable.Range(first, Math.Max(0, real)).Select(s => Xoshiro256.ForChain(seed, s + 2_000_000)).ToArray();
            var shares = new double[k];
            var eta = new double[j];
            for (var i = 0; i < design.CellCount; i++)
            {
                for (var p = 0; p < j; p++)
                {
                    predictors[p].LinearPredictor(i, first, etas[p]);
                }

                var weight = response.Weights?[i] ?? 1;
                var replicates = multinomial ? respondents[i] : response.RowsPerCell[i];
                for (var l = 0; l < real; l++)
                {
                    var s = first + l;
                    for (var p = 0; p < j; p++)
                    {
                        eta[p] = etas[p][l] + (response.Offset?[i] ?? 0);
                    }

                    distribution.Probabilities(s, eta, shares);
                    PredictiveSampling.Multinomial(random[l], replicates, shares);
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

    /// <summary>
    /// The cells' linear predictors and the family's distribution over categories: a cumulative fit's one η with its
    /// thresholds, or each non-reference category's η (its draws read under GLM names, as post-stratification reads them).
    /// </summary>
    private static (IReadOnlyList<CellPredictor> Predictors, ICategoryDistribution Distribution, int Draws, int Stride) Predictors(ModelDesign design, PosteriorDraws draws)
    {
        var shape = ModelShape.Of(design);
        var k = design.Response.Categories!.Count;
        if (design.Family == Family.Cumulative)
        {
            var parameters = PosteriorParameters.From(shape, draws);
            var columns = DrawColumns.From(parameters);
            return (new[] { CellPredictor.OverFitCells(design, shape, columns) }, new CumulativeDistribution(design.Link, ThresholdDraws.From(draws, k - 1), k), parameters.DrawCount, columns.Stride);
        }

        var names = new CategoryNames(design.Response.Categories!);
        var glm = shape with { Family = Family.Binomial, Link = Link.Identity };
        var perCategory = Enumerable.Range(1, k - 1).Select(c => PosteriorParameters.From(glm, CategoryDraws.For(draws, names, c))).ToList();
        var columnsPerCategory = perCategory.Select(DrawColumns.From).ToList();
        return (
            columnsPerCategory.Select(columns => CellPredictor.OverFitCells(design, glm, columns)).ToList(),
            new SoftmaxDistribution(k),
            perCategory[0].DrawCount,
            columnsPerCategory[0].Stride);
    }
}
