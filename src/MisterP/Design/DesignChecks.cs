using System.Globalization;
using MisterP.Families;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>
/// Problems of a built design that every estimation method would meet, found before fitting so that they end in a
/// specific message with its remedy rather than an internal error or a silently meaningless fit (issue 12, items 7
/// and 14): nothing to fit, non-finite or overflowing predictor values, a constant outcome or predictor, unusable
/// weights, a group term with one level.
/// </summary>
internal static class DesignChecks
{
    /// <summary>
    /// Past this magnitude a value's square overflows double precision (√1.8e308 ≈ 1.3e154), so sums of squares,
    /// QR and the sampler's gradients break; well inside it there is still room for the products they form.
    /// </summary>
    public const double LargestValue = 1e150;

    public static void Run(Formula formula, ModelDesign design)
    {
        NothingToFit(formula, design);
        FiniteFixedEffects(design);
        FiniteSlopes(design);
        ConstantOutcome(formula, design);
        ConstantPredictors(design);
        Weights(formula, design);
        SingleLevelGroups(design);
    }

    private static void NothingToFit(Formula formula, ModelDesign design)
    {
        if (design.FixedEffects.ColumnCount == 0 && design.GroupTerms.Count == 0)
        {
            throw new UserInputException(
                $"The formula '{formula.Text}' has nothing to fit: it removes the intercept (0 or -1) and has no predictors or group terms. " +
                "Write 'y ~ 1' for an intercept-only model, or add predictors.");
        }
    }

    private static void FiniteFixedEffects(ModelDesign design)
    {
        var x = design.FixedEffects;
        var p = x.ColumnCount;
        for (var j = 0; j < p; j++)
        {
            for (var i = 0; i < design.CellCount; i++)
            {
                Check(x.X[i * p + j], x.Names[j], i);
            }
        }
    }

    private static void FiniteSlopes(ModelDesign design)
    {
        foreach (var g in design.GroupTerms)
        {
            var q = g.CoefficientCount;
            for (var k = 0; k < q; k++)
            {
                for (var i = 0; i < design.CellCount; i++)
                {
                    Check(g.Z[i * q + k], $"{g.CoefficientNames[k]} (varying by {g.Name})", i);
                }
            }
        }
    }

    private static void Check(double value, string column, int cell)
    {
        if (!double.IsFinite(value))
        {
            throw new UserInputException(
                $"Predictor column '{column}' is {Format(value)} in {CellText(cell)}: a transform such as log(), sqrt(), exp() or a division in I() " +
                "left the numbers (log and sqrt need positive values, exp overflows past about 709, x/0 is infinite). " +
                "Transform a shifted column (log1p(x), I(log(x + 1))), rescale it, or drop the rows where it is undefined.");
        }

        if (Math.Abs(value) > LargestValue)
        {
            throw new UserInputException(
                $"Predictor column '{column}' reaches {Format(value)} in {CellText(cell)}: values beyond ±1e150 overflow the fit's arithmetic. " +
                "Rescale the column (e.g. I(x / 1e6)) or check it for corrupt values.");
        }
    }

    private static string CellText(int cell) => $"cell {cell + 1} (after aggregation and dropping rows with missing values)";

    private static void ConstantOutcome(Formula formula, ModelDesign design)
    {
        var name = ExprText.Format(formula.Response.Outcome);
        var r = design.Response;
        var successes = r.Y.Sum();
        var trials = r.Trials.Sum();
        string? problem = design.Family switch
        {
            Family.Bernoulli or Family.Binomial when successes == 0 => $"every row of '{name}' is a failure (0 successes in {trials:N0} trials)",
            Family.Bernoulli or Family.Binomial when successes == trials => $"every row of '{name}' is a success ({trials:N0} of {trials:N0})",
            Family.Poisson or Family.NegativeBinomial when successes == 0 => $"every count of '{name}' is 0",
            Family.Gaussian when r.KnownSe is null && design.RowStatistics.RowCount > 1 && design.RowStatistics.ResponseSd == 0 =>
                $"every row of '{name}' is {Format(design.RowStatistics.ResponseMean)}",
            _ => null,
        };
        if (problem is not null)
        {
            throw new UserInputException(
                $"The outcome is constant: {problem}, so there is nothing to model (its estimates would run off to the edge). " +
                "Check that the right column and rows were read (a filter or a join may have removed the other values).");
        }
    }

    /// <summary>A non-zero constant column is aliased with the intercept: ml cannot estimate it and NUTS wandered (b_z −35657 ± 58008, R̂ 1.82).</summary>
    private static void ConstantPredictors(ModelDesign design)
    {
        var x = design.FixedEffects;
        if (x.InterceptIndex < 0 || design.RowStatistics.RowCount < 2)
        {
            return;
        }

        var p = x.ColumnCount;
        for (var j = 0; j < p; j++)
        {
            if (j == x.InterceptIndex)
            {
                continue;
            }

            var first = x.X[j];
            var constant = true;
            for (var i = 1; i < design.CellCount && constant; i++)
            {
                constant = x.X[i * p + j] == first;
            }

            // An all-zero column (an empty interaction cell) is what R's model.matrix gives too: ml reports it as
            // aliased and priors bound it; only a non-zero constant restates the intercept.
            if (constant && first != 0)
            {
                throw new UserInputException(
                    $"Predictor column '{x.Names[j]}' is {Format(first)} in every row used, so it cannot be told apart from the intercept " +
                    "(its coefficient is not identified). Drop it from the formula, or check the rows and levels that were read.");
            }
        }
    }

    private static void Weights(Formula formula, ModelDesign design)
    {
        if (design.Response.Weights is not { } w || formula.Response.Weights is not { } expr)
        {
            return;
        }

        var name = ExprText.Format(expr);
        if (w.All(v => v == 0))
        {
            throw new UserInputException($"Every weight '{name}' is 0, so no row counts in the likelihood. Check the weight column.");
        }

        var largest = w.Max();
        if (!double.IsFinite(largest) || largest > 1e100)
        {
            throw new UserInputException(
                $"The weight '{name}' reaches {Format(largest)}: weights multiply each row's log-likelihood, and values this large overflow it. " +
                $"Rescale the weights, e.g. weights(I({name} / 1e6)), or normalise them to mean 1.");
        }
    }

    private static void SingleLevelGroups(ModelDesign design)
    {
        foreach (var g in design.GroupTerms.Where(g => g.Levels.Count < 2))
        {
            throw new UserInputException(
                $"The group term for '{g.Name}' has only one level ('{g.Levels.FirstOrDefault()}') in the rows used, so there is no spread between " +
                $"levels to estimate (its sd is not identified). Drop (… | {g.Name}) from the formula, or check the rows that were read.");
        }
    }

    private static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
