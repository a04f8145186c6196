using MisterP.Data;
using MisterP.Interpretation;

namespace MisterP.Workflow;

/// <summary>
/// Runs predictions, comparisons and slopes for a fit (in memory or read back from its folder): over the data given,
/// or else over the fit's own data (a saved fit's stored cells, see <see cref="FitData.Units"/>) weighted by
/// respondents (a binomial fit's trials), so cells give the same averages as the original rows.
/// </summary>
internal sealed class FitInterpretation(InterpretationModel model, Func<(ITableSource Source, InterpretationData Data)> openFitData)
{
    /// <summary>Refuses the families interpretation does not cover yet, before their draws are read as a GLM's.</summary>
    public static void RequireSupported(Design.ModelShape shape)
    {
        if (Families.CategoryFamilies.IsUnordered(shape.Family))
        {
            // Per-category predictions need a category column in every output; until then, say so rather than mislead.
            throw new UserInputException(
                $"predictions, comparisons and slopes are not yet available for {Families.FamilyNames.Of(shape.Family)} fits; post-stratify them (mrp poststrat) for each category's share by group.");
        }
    }

    public InterpretationResult Run(Func<InterpretationModel, InterpretationData, InterpretationResult> quantity, ITableSource? data)
    {
        if (data is not null)
        {
            return quantity(model, InterpretationData.Rows(data));
        }

        var (source, units) = openFitData();
        using (source)
        {
            return quantity(model, units);
        }
    }
}
