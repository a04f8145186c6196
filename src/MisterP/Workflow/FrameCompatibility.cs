using MisterP.Data;
using MisterP.Design;
using MisterP.Formulas;
using MisterP.Poststrat;

namespace MisterP.Workflow;

/// <summary>
/// <c>mrp frame check</c>'s two entry points: a fit folder (its recipe, plus its stored cells for numeric ranges and
/// empty cells) or a sample with a formula (the recipe the fit would build).
/// </summary>
public static class FrameCompatibility
{
    /// <summary>The check against a fit folder; <paramref name="note"/> says why the sample-based parts were skipped.</summary>
    public static FrameCheckResult ForFit(SavedFit fit, ITableSource frame, string weight, out string? note)
    {
        var variables = FitVariables.FromRecipe(fit.Recipe);
        note = null;
        try
        {
            // The fit's stored cells carry every value and combination its data had, which is all these checks need.
            var (sample, _) = FitData.Units(fit, FormulaParser.Parse(fit.Model.GetProperty("formula").GetString()!), "The numeric-range and empty-cell checks");
            using (sample)
            {
                variables = variables.WithSample(sample);
            }
        }
        catch (UserInputException e)
        {
            note = e.Message + " Levels were checked from model.json; numeric ranges and empty cells were not.";
        }

        return FrameChecker.Check(variables, frame, weight);
    }

    /// <summary>The check against a sample and the formula it would be fitted with.</summary>
    public static FrameCheckResult ForSample(ITableSource sample, string formula, ITableSource frame, string weight)
    {
        var design = DesignBuilder.Build(FormulaParser.Parse(formula), sample, new DesignOptions());
        return FrameChecker.Check(FitVariables.FromRecipe(design.Recipe).WithSample(sample), frame, weight);
    }
}
