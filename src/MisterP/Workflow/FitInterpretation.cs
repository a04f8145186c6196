using MisterP.Data;
using MisterP.Formulas;
using MisterP.Interpretation;

namespace MisterP.Workflow;

/// <summary>
/// Runs predictions, comparisons and slopes for a fit (in memory or read back from its folder): over the data given,
/// or else over the fit's own data, re-read from the source recorded in model.json with its joins and weighted by
/// respondents (a binomial fit's trials), so cells give the same averages as the original rows.
/// </summary>
internal sealed class FitInterpretation(InterpretationModel model, Formula formula, Func<ITableSource> openFitData)
{
    public InterpretationResult Run(Func<InterpretationModel, InterpretationData, InterpretationResult> quantity, ITableSource? data)
    {
        if (data is not null)
        {
            return quantity(model, InterpretationData.Rows(data));
        }

        using var fitData = openFitData();
        return quantity(model, InterpretationData.FitData(fitData, formula));
    }
}
