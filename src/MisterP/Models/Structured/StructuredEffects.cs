using MisterP.Design;
using MisterP.Formulas;
using MisterP.Priors;

namespace MisterP.Models.Structured;

/// <summary>
/// Builds one <see cref="IStructuredEffect"/> per structured group term of a design (null for iid terms). The fields'
/// scaling is computed here once per model and shared by every chain's fork.
/// </summary>
internal static class StructuredEffects
{
    public static IStructuredEffect?[] Build(ModelDesign design, PriorSet priors) =>
        design.GroupTerms.Select((term, k) => term.Structure is null ? null : Create(term.Structure, k < priors.StructureCorrelations.Length ? priors.StructureCorrelations[k] : null)).ToArray();

    /// <summary>The scaled field of an rw/icar/bym2 structure (null for ar1): for summaries and model.json.</summary>
    public static IntrinsicGmrf? Field(Design.Structured.StructuredTerm structure) => structure.Kind switch
    {
        StructureKind.Rw1 => IntrinsicGmrf.RandomWalks(structure.Graph),
        StructureKind.Rw2 => IntrinsicGmrf.RandomWalk(structure.Graph.NodeCount, 2),
        StructureKind.Icar => IntrinsicGmrf.Icar(structure.Graph, IntrinsicGmrf.IslandRule.Iid),
        StructureKind.Bym2 => IntrinsicGmrf.Icar(structure.Graph, IntrinsicGmrf.IslandRule.Zero),
        _ => null,
    };

    private static IStructuredEffect Create(Design.Structured.StructuredTerm structure, PriorDistribution? correlation) => structure.Kind switch
    {
        StructureKind.Bym2 => new Bym2Effect(Field(structure)!, correlation ?? PriorDistribution.Beta(1, 1)),
        StructureKind.Ar1 => new Ar1Effect(structure.Graph.NodeCount, correlation ?? PriorDistribution.Beta(1, 1)),
        _ => new IntrinsicEffect(Field(structure)!),
    };
}
