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
