using MisterP.Design;
using MisterP.Families;

namespace MisterP.Models;

/// <summary>
/// How the group effects are laid out for sampling: per group term, a constant I ≥ 0 for each level's coefficient
/// (<c>[level · coefficients + a]</c>), the Fisher information the level's own data carry about its effect. The model
/// samples z with u = σz/√(1 + σ²I): z's conditional scale given σ is then about 1 whatever σ, since
/// Var(u | σ, data) ≈ σ²/(1 + σ²I). For small σ (or sparse levels, I ≈ 0) this is the usual non-centered
/// u = σz, which avoids the funnel; for large σ and data-rich levels it tends to u = z/√I, which avoids the inverted
/// funnel non-centering creates when the data pin u down (Betancourt &amp; Girolami 2015). It is a smooth,
/// σ-dependent interpolation between the two, in the spirit of partial non-centering (Papaspiliopoulos, Roberts &amp;
/// Sköld 2007). Correlated terms keep I = 0. The sampled intercept also absorbs the information-weighted mean of
/// each varying intercept (<see cref="Anchors"/>): the data pin down α + u_l for data-rich levels, not α alone, so
/// otherwise the intercept and every group's common level form long correlated ridges a diagonal metric cannot follow.
/// </summary>
public sealed class EffectScaling
{
    /// <summary>
    /// Share of a level's own information used: the level's cells also inform the intercept and the other terms'
    /// effects, so the information left for this one effect is less than its cells carry alone (chosen by ESS per
    /// gradient and divergences on the CCES and semi-synthetic MRP models, bench/RESULTS.md).
    /// </summary>
    public const double DefaultShare = 0.5;

    private EffectScaling(double[][] information, double[]?[] anchors, double[] fixedScales)
    {
        Information = information;
        Anchors = anchors;
        FixedScales = fixedScales;
    }

    /// <summary>
    /// Per fixed-effect column, the factor s the sampled coordinate carries (β = x/s): √(Σ_cells I·x̃²) over the
    /// centered column x̃, the data's information about that coefficient, so that the sampler's coordinates start
    /// out on comparable scales (the first warmup iterations use a unit metric). 1 leaves a coefficient as it is.
    /// </summary>
    public IReadOnlyList<double> FixedScales { get; }

    public IReadOnlyList<double[]> Information { get; }

    /// <summary>
    /// Per group term, weights over its levels (summing to 1) of the varying intercepts that the sampled intercept
    /// absorbs, or null: the sampler's intercept is α + Σ_k Σ_l w_kl·u_kl, the combination the data determine, so it
    /// does not trade off against the groups' common level (Gelfand, Sahu &amp; Carlin 1995, hierarchical centering).
    /// </summary>
    public IReadOnlyList<double[]?> Anchors { get; }

    /// <summary>Plain non-centered effects, u = σz (rstanarm's and brms's parameterization).</summary>
    public static EffectScaling None(ModelDesign design) =>
        new(design.GroupTerms.Select(t => new double[t.Levels.Count * t.CoefficientCount]).ToArray(), new double[]?[design.GroupTerms.Count], Ones(design));

    /// <summary>
    /// Information from the data alone: every cell's expected information about η at the overall mean response
    /// (<see cref="CellInformation.AtMean"/>), times its slope columns squared, summed over each level's cells, times
    /// <paramref name="share"/>. With a fixed intercept, every varying intercept is anchored with weights
    /// proportional to its levels' information; fixed effects are scaled by their information.
    /// </summary>
    public static EffectScaling FromData(ModelDesign design, double share = DefaultShare)
    {
        var r = design.Response;
        var binomial = design.Family is Family.Binomial or Family.Bernoulli;
        var stats = design.RowStatistics;
        var mean = binomial ? r.Y.Sum() / r.Trials.Sum() : stats.ResponseMean;
        var residualSd = Math.Max(stats.ResponseSd, 1e-8);
        var cell = new double[design.CellCount];
        if (r.Categories is { } categories)
        {
            // Ordinal cells: their (weighted) observations times one observation's information.
            var perObservation = OrdinalInformation.PerObservation(categories.Count, r.CategoryCounts!, design.Link);
            for (var i = 0; i < cell.Length; i++)
            {
                var observations = 0.0;
                for (var k = 0; k < categories.Count; k++)
                {
                    observations += r.CategoryCounts![i * categories.Count + k];
                }

                cell[i] = share * observations * perObservation;
            }
        }

        for (var i = 0; i < cell.Length && r.Categories is null; i++)
        {
            var size = binomial ? r.Trials[i] : r.RowsPerCell[i];
            cell[i] = share * (r.Weights?[i] ?? 1) * CellInformation.AtMean(design.Family, design.Link, size, mean, r.KnownSe?[i] ?? residualSd);
        }

        var information = new double[design.GroupTerms.Count][];
        for (var k = 0; k < information.Length; k++)
        {
            var term = design.GroupTerms[k];
            var c = term.CoefficientCount;
            information[k] = new double[term.Levels.Count * c];

            // Structured terms get their levels' information too (intrinsic fields use it, IntrinsicEffect); they sum
            // to zero, so nothing is anchored below.
            if (term.Correlated)
            {
                continue;
            }

            for (var i = 0; i < cell.Length; i++)
            {
                for (var a = 0; a < c; a++)
                {
                    var z = term.Z[i * c + a];
                    information[k][term.LevelIndex[i] * c + a] += cell[i] * z * z;
                }
            }
        }

        var anchors = new double[]?[design.GroupTerms.Count];
        // An ordinal model's first threshold absorbs the anchor as an intercept would.
        if (design.FixedEffects.InterceptIndex >= 0 || r.Categories is not null)
        {
            for (var k = 0; k < anchors.Length; k++)
            {
                var term = design.GroupTerms[k];
                var c = term.CoefficientCount;
                if (term.CoefficientNames[0] != "Intercept" || term.Structure is not null)
                {
                    continue;
                }

                var weights = Enumerable.Range(0, term.Levels.Count).Select(l => information[k][l * c]).ToArray();
                var total = weights.Sum();
                anchors[k] = total > 0 ? weights.Select(w => w / total).ToArray() : null;
            }
        }

        var p = design.FixedEffects.ColumnCount;
        var fixedScales = new double[p];
        var centers = design.PredictorCenters();
        for (var j = 0; j < p; j++)
        {
            var columnMean = centers[j];
            var sum = 0.0;
            for (var i = 0; i < cell.Length; i++)
            {
                var centered = design.FixedEffects.X[i * p + j] - columnMean;
                sum += cell[i] * centered * centered;
            }

            fixedScales[j] = sum > 1 ? Math.Sqrt(sum) : 1;
        }

        return new EffectScaling(information, anchors, fixedScales);
    }

    private static double[] Ones(ModelDesign design) => Enumerable.Repeat(1.0, design.FixedEffects.ColumnCount).ToArray();


    /// <summary>Explicit information values (tests and experiments); checked against the design.</summary>
    public static EffectScaling FromValues(ModelDesign design, IReadOnlyList<double[]> information)
    {
        var scaling = new EffectScaling(information.Select(v => (double[])v.Clone()).ToArray(), new double[]?[design.GroupTerms.Count], Ones(design));
        scaling.CheckFits(design);
        return scaling;
    }

    internal void CheckFits(ModelDesign design)
    {
        if (Information.Count != design.GroupTerms.Count)
        {
            throw new ArgumentException("The effect scaling has a different number of group terms than the model.");
        }

        for (var k = 0; k < Information.Count; k++)
        {
            var term = design.GroupTerms[k];
            if (Information[k].Length != term.Levels.Count * term.CoefficientCount || Information[k].Any(v => !(v >= 0) || !double.IsFinite(v)) ||
                (term.Correlated && Information[k].Any(v => v != 0)))
            {
                throw new ArgumentException($"Effect scaling of {term.Name}: one finite value ≥ 0 per level and coefficient (0 for correlated terms).");
            }
        }
    }

    /// <summary>
    /// Σ over varying intercepts of the anchor-weighted reported effects: what the sampled intercept absorbed, to be
    /// taken off it again. <paramref name="outputs"/> ends with the r_ outputs, term by term (<see cref="OutputNaming"/>).
    /// </summary>
    internal double AnchoredEffects(ParameterLayout layout, ReadOnlySpan<double> outputs)
    {
        var position = outputs.Length - layout.Groups.Sum(b => b.Levels * b.Coefficients);
        var anchor = 0.0;
        for (var k = 0; k < layout.Groups.Length; k++)
        {
            var c = layout.Groups[k].Coefficients;
            if (Anchors[k] is { } weights)
            {
                for (var l = 0; l < weights.Length; l++)
                {
                    anchor += weights[l] * outputs[position + l * c];
                }
            }

            position += layout.Groups[k].Levels * c;
        }

        return anchor;
    }
}
