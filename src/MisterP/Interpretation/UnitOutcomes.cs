using MisterP.Design;
using MisterP.Families;

namespace MisterP.Interpretation;

/// <summary>The <see cref="IUnitOutcome"/> of a fit's family: per-category values for cumulative fits, one value otherwise.</summary>
internal static class UnitOutcomes
{
    public static IUnitOutcome For(InterpretationModel model, PredictionScale kind, IReadOnlyList<double>? scores) =>
        model.Shape.Family == Family.Cumulative
            ? new CumulativeOutcome(model, kind, CategoryScores.Resolve(model.Shape.Categories!, scores))
            : new GlmOutcome(model, kind);
}
