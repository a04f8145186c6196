using MisterP.Design;
using MisterP.Formulas;
using MisterP.Posterior;
using MisterP.Poststrat;

namespace MisterP.Interpretation;

/// <summary>
/// A fitted model as predictions, comparisons and slopes see it: its structure and encoding recipe, its response,
/// and either posterior draws (NUTS, Laplace) or maximum-likelihood point estimates with their covariance.
/// </summary>
public sealed class InterpretationModel
{
    public InterpretationModel(ModelShape shape, DesignRecipe recipe, ResponseSpec response, PosteriorDraws? draws, PointEstimates? estimates)
    {
        if ((draws is null) == (estimates is null))
        {
            throw new ArgumentException("Give either posterior draws or point estimates.");
        }

        Shape = shape;
        Recipe = recipe;
        Response = response;
        Estimates = estimates;
        if (Families.CategoryFamilies.IsUnordered(shape.Family))
        {
            // One predictor per non-reference category, its draws under GLM names as poststrat reads them.
            Predictors = CategoryPredictors(shape, draws ?? throw new UserInputException(
                "Predictions of a categorical or multinomial fit need its posterior draws; this fit has none. Refit it with --method nuts."));
            Parameters = Predictors[0];
        }
        else
        {
            Parameters = PosteriorParameters.From(shape, draws ?? SingleDraw(shape, estimates!));
            Predictors = [Parameters];
        }

        if (shape.Family == Families.Family.Cumulative && shape.Categories is { } categories && draws is not null)
        {
            Thresholds = Checking.ThresholdDraws.From(draws, categories.Count - 1);
        }

        if (estimates is not null)
        {
            var p = shape.FixedEffects.Count;
            if (estimates.FixedEffectCovariance.Length != p * p)
            {
                throw new ArgumentException($"The covariance must be {p} × {p}.", nameof(estimates));
            }

            // Aliased coefficients (NaN, dropped as R does) predict as 0 and carry no variance.
            for (var j = 0; j < p; j++)
            {
                if (double.IsNaN(Parameters.Beta[j]))
                {
                    Parameters.Beta[j] = 0;
                    RankDeficient = true;
                }
            }

            Covariance = estimates.FixedEffectCovariance.Select(v => double.IsNaN(v) ? 0 : v).ToArray();
        }
    }

    public ModelShape Shape { get; }

    public DesignRecipe Recipe { get; }

    public ResponseSpec Response { get; }

    /// <summary>Point estimates of a maximum-likelihood fit; null for draws-based fits.</summary>
    public PointEstimates? Estimates { get; }

    public bool IsPointEstimate => Estimates is not null;

    /// <summary>Per-draw parameters (one "draw" holding the estimates for maximum likelihood).</summary>
    internal PosteriorParameters Parameters { get; }

    /// <summary>
    /// Per-draw parameters of each linear predictor: one for GLM and cumulative fits (<see cref="Parameters"/>), one per
    /// non-reference category (η_1 … η_{K−1}) for categorical and multinomial fits.
    /// </summary>
    internal IReadOnlyList<PosteriorParameters> Predictors { get; }

    /// <summary>Cumulative fits: the thresholds b_Intercept[1..K−1] per draw, <c>[s·(K−1) + k]</c>; null otherwise.</summary>
    internal double[]? Thresholds { get; }

    /// <summary>Fixed-effect covariance with aliased entries zeroed (maximum likelihood only).</summary>
    internal double[]? Covariance { get; }

    /// <summary>Some coefficient was aliased: R warns that predictions from a rank-deficient fit may be misleading.</summary>
    internal bool RankDeficient { get; }

    /// <summary>The response as written (<c>abortion</c>, <c>log(wage)</c>, <c>cbind(A, B, C)</c>), for labels.</summary>
    public string ResponseText => Response.Counts is { } counts
        ? $"cbind({string.Join(", ", counts.Select(c => ExprText.Format(c)))})"
        : ExprText.Format(Response.Outcome);

    /// <summary>Each non-reference category's predictor (<c>b_muB_male</c> read as <c>b_male</c>), as <see cref="CategoryPoststratifier"/> reads them.</summary>
    private static PosteriorParameters[] CategoryPredictors(ModelShape shape, PosteriorDraws draws)
    {
        var names = new CategoryNames(shape.Categories!);
        var glm = shape with { Family = Families.Family.Binomial, Link = Families.Link.Identity };
        return Enumerable.Range(1, shape.Categories!.Count - 1)
            .Select(c => PosteriorParameters.From(glm, CategoryDraws.For(draws, names, c)))
            .ToArray();
    }

    /// <summary>The estimates laid out as one chain with one draw, so both kinds of fit share one prediction path.</summary>
    private static PosteriorDraws SingleDraw(ModelShape shape, PointEstimates estimates)
    {
        var names = shape.FixedEffects.Select(n => "b_" + n).ToList();
        foreach (var term in shape.GroupTerms)
        {
            var coefficients = term.CoefficientNames;
            names.AddRange(term.Levels.SelectMany(level => coefficients.Select(c => $"r_{term.Name}[{level},{c}]")));
            names.AddRange(coefficients.Select(c => $"sd_{term.Name}__{c}"));
            if (term.Correlated)
            {
                for (var a = 0; a < coefficients.Count; a++)
                {
                    for (var b = a + 1; b < coefficients.Count; b++)
                    {
                        names.Add($"cor_{term.Name}__{coefficients[a]}__{coefficients[b]}");
                    }
                }
            }
        }

        names.AddRange(new[] { "sigma", "shape" }.Where(estimates.Values.ContainsKey));
        var values = names.Select(n => estimates.Values.TryGetValue(n, out var v)
            ? v
            : throw new UserInputException($"The fit's estimates have no '{n}'; the fit folder looks incomplete. Refit it with this version of mrp.")).ToArray();
        return new PosteriorDraws(names, [values], [], [Array.Empty<double>()], 1);
    }
}
