using MisterP.Data;
using MisterP.Formulas;
using MisterP.Interpretation;

namespace MisterP.Workflow;

/// <summary>
/// Runs predictions, comparisons and slopes for a fit (in memory or read back from its folder): over the data given,
/// or else over the fit's own data, re-read from the source recorded in model.json with its joins and weighted by
/// respondents (a binomial fit's trials), so cells give the same averages as the original rows.
/// </summary>
internal sealed class FitInterpretation(InterpretationModel model, Formula formula, string source, IReadOnlyList<JoinSpec> joins)
{
    public InterpretationResult Run(Func<InterpretationModel, InterpretationData, InterpretationResult> quantity, ITableSource? data)
    {
        if (data is not null)
        {
            return quantity(model, InterpretationData.Rows(data));
        }

        using var fitData = OpenFitData();
        return quantity(model, InterpretationData.FitData(fitData, formula));
    }

    private ITableSource OpenFitData()
    {
        var spec = SourceSpec(source, joins);
        try
        {
            return TableSources.Open(spec, joins);
        }
        catch (UserInputException e)
        {
            throw new UserInputException(
                $"The fit's data '{spec}' (recorded in model.json) cannot be read: {e.Message} Give the units to predict over with --data FILE.");
        }
    }

    /// <summary>The source as the user named it: the recorded description without the " (joined with …)" the data layer appends.</summary>
    private static string SourceSpec(string description, IReadOnlyList<JoinSpec> joins)
    {
        var suffix = $" (joined with {string.Join(", ", joins.Select(j => j.File))})";
        return joins.Count > 0 && description.EndsWith(suffix, StringComparison.Ordinal) ? description[..^suffix.Length] : description;
    }
}
