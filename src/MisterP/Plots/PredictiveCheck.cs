using MisterP.Design;
using MisterP.Families;
using MisterP.Numerics;
using MisterP.Posterior;
using MisterP.Poststrat;
using MisterP.Priors;

namespace MisterP.Plots;

/// <summary>
/// One group's observed mean of the fit's data and the distribution of its replicated means, with the posterior
/// predictive p-value P(T_rep ≥ T_obs), ties counted half (Gelman et al. 2013, §6.3; the mid-p convention keeps it
/// symmetric for discrete outcomes, where T_rep = T_obs has positive probability).
/// </summary>
public sealed record PredictiveGroup(string Level, double Units, double Observed, double ReplicatedMean, double Lower, double Upper, double PValue);

/// <summary>
/// Posterior predictive check of group means (Gelman et al. 2013, ch. 6): for every posterior draw, new outcomes
/// are simulated for every cell of the fit's data (binomial successes out of its trials, Poisson/negative binomial
/// totals, gaussian sums), and each group's replicated mean is set against the observed one. Means are per trial
/// for binomial data and per row otherwise, so aggregation into cells changes nothing.
/// </summary>
public sealed class PredictiveCheck
{
    /// <summary>Draws predicted together (a multiple of the SIMD width).</summary>
    private const int BlockDraws = 256;

    private PredictiveCheck(string group, IReadOnlyList<PredictiveGroup> groups, int draws, double interval, bool perTrial)
    {
        Group = group;
        Groups = groups;
        Draws = draws;
        Interval = interval;
        PerTrial = perTrial;
    }

    /// <summary>The grouping factor ("state"), or "(all)" for the data as a whole.</summary>
    public string Group { get; }

    /// <summary>Groups in the order of the factor's levels.</summary>
    public IReadOnlyList<PredictiveGroup> Groups { get; }

    public int Draws { get; }

    public double Interval { get; }

    /// <summary>True for binomial data (means are shares of trials), false for means per row.</summary>
    public bool PerTrial { get; }

    /// <summary>Groups whose observed mean lies outside the replicated interval.</summary>
    public int Outside => Groups.Count(g => g.Observed < g.Lower || g.Observed > g.Upper);

    /// <param name="design">The fit's cells, rebuilt from its data.</param>
    /// <param name="by">A grouping factor of the model ("state", "male:eth"); null for the first one; "" for all data.</param>
    public static PredictiveCheck Compute(ModelDesign design, PosteriorDraws draws, string? by, double interval = 0.9, ulong seed = 1)
    {
        DrawSummary.CheckInterval(interval);
        var (label, levels, levelOf) = Grouping(design, by);
        var shape = ModelShape.Of(design);
        var parameters = PosteriorParameters.From(shape, draws);
        var columns = DrawColumns.From(parameters);
        var predictor = CellPredictor.OverFitCells(design, shape, columns);

        var perTrial = design.Family is Family.Binomial or Family.Bernoulli;
        var response = design.Response;
        var units = perTrial ? response.Trials : response.RowsPerCell;
        var groupUnits = new double[levels.Count];
        var observed = new double[levels.Count];
        for (var i = 0; i < design.CellCount; i++)
        {
            groupUnits[levelOf[i]] += units[i];
            observed[levelOf[i]] += response.Y[i];
        }

        var total = parameters.DrawCount;
        var replicated = new double[levels.Count * total];
        var blocks = (columns.Stride + BlockDraws - 1) / BlockDraws;
        Parallel.For(0, blocks, b =>
        {
            // Blocks of draws through every cell in order, one random stream per draw: the result does not depend on
            // how blocks are spread over threads.
            var first = b * BlockDraws;
            var values = new double[Math.Min(BlockDraws, columns.Stride - first)];
            var real = Math.Min(values.Length, total - first);
            var random = Enumerable.Range(first, Math.Max(0, real)).Select(s => Xoshiro256.ForChain(seed, s + 2_000_000)).ToArray();
            for (var i = 0; i < design.CellCount; i++)
            {
                predictor.Predict(i, first, values, null);
                for (var l = 0; l < real; l++)
                {
                    replicated[(first + l) * levels.Count + levelOf[i]] += Replicate(design, parameters, first + l, i, values[l], random[l]);
                }
            }
        });

        var groups = new List<PredictiveGroup>(levels.Count);
        var values = new double[total];
        for (var g = 0; g < levels.Count; g++)
        {
            if (groupUnits[g] <= 0)
            {
                continue;
            }

            for (var s = 0; s < total; s++)
            {
                values[s] = replicated[s * levels.Count + g] / groupUnits[g];
            }

            var summary = DrawSummary.Of(values, interval);
            var mean = observed[g] / groupUnits[g];
            groups.Add(new PredictiveGroup(levels[g], groupUnits[g], mean, summary.Mean, summary.Lower, summary.Upper, PValue(replicated, g, levels.Count, total, observed[g])));
        }

        return new PredictiveCheck(label, groups, total, interval, perTrial);
    }

    /// <summary>
    /// P(T_rep ≥ T_obs) + ½·P(T_rep = T_obs) over the draws, compared on group totals (not means) so that a replicated
    /// count equal to the observed one is a tie exactly, without rounding in the division by the group's units.
    /// </summary>
    internal static double PValue(double[] replicated, int g, int levels, int total, double observed)
    {
        var score = 0.0;
        for (var s = 0; s < total; s++)
        {
            var r = replicated[s * levels + g];
            score += r > observed ? 1 : r == observed ? 0.5 : 0;
        }

        return score / total;
    }

    /// <summary>A replicated outcome total for cell <paramref name="i"/> (same scale as <see cref="ResponseData.Y"/>).</summary>
    private static double Replicate(ModelDesign design, PosteriorParameters parameters, int s, int i, double mu, Xoshiro256 random)
    {
        var response = design.Response;
        var n = response.RowsPerCell[i];
        switch (design.Family)
        {
            case Family.Bernoulli or Family.Binomial:
                return PredictiveSampling.Binomial(random, response.Trials[i], mu);
            case Family.Poisson:
                return PredictiveSampling.Poisson(random, n * mu);
            case Family.NegativeBinomial:
                // The total of n iid NB(μ, φ) rows is NB(nμ, nφ): Poisson with a Gamma(nφ, rate φ/μ) mean.
                var shape = parameters.Shape![s];
                return PredictiveSampling.Poisson(random, random.Gamma(n * shape) * mu / shape);
            default:
                var sd = response.KnownSe is { } se ? se[i] : parameters.Sigma![s] * Math.Sqrt(n);
                return n * mu + sd * random.Normal();
        }
    }

    /// <summary>The check's grouping of the fit's cells: by <paramref name="by"/>, the first grouping factor, or all data.</summary>
    internal static (string Label, IReadOnlyList<string> Levels, int[] LevelOf) Grouping(ModelDesign design, string? by)
    {
        if (by is not null && GroupingSet.Parse(by).Count == 0 || by is null && design.GroupTerms.Count == 0)
        {
            return (GroupingSet.Everyone, ["all data"], new int[design.CellCount]);
        }

        if (by is null)
        {
            var first = design.GroupTerms[0];
            return (first.Name, first.Levels, first.LevelIndex);
        }

        var term = design.GroupTerms.FirstOrDefault(t => PriorTargets.Matches(by.Trim(), t.Name))
            ?? throw new UserInputException(
                $"--by '{by}' is not a grouping factor of this model; the check groups the fit's cells by one of " +
                (design.GroupTerms.Count > 0 ? string.Join(", ", design.GroupTerms.Select(t => t.Name)) : "(none: the model has no group terms)") +
                ", or by '' for the data as a whole.");
        return (term.Name, term.Levels, term.LevelIndex);
    }
}
