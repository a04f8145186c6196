using MisterP.Design;
using MisterP.Families;

namespace MisterP.Interpretation;

/// <summary>
/// The <see cref="IUnitOutcome"/> of a fit's family: per-category values for cumulative, categorical and multinomial
/// fits, one value otherwise.
/// </summary>
internal static class UnitOutcomes
{
    public static IUnitOutcome For(InterpretationModel model, PredictionScale kind, IReadOnlyList<double>? scores) => model.Shape.Family switch
    {
        Family.Cumulative => new CumulativeOutcome(model, kind, CategoryScores.Resolve(model.Shape.Categories!, scores)),
        Family.Categorical or Family.Multinomial => new SoftmaxOutcome(model, kind),
        _ => new GlmOutcome(model, kind),
    };
}
