using MisterP.Families;

namespace MisterP.Design;

/// <summary>
/// The structure of a fitted model without its data: family, link, fixed-effect columns and group terms with their
/// levels. What prediction and post-stratification need, and what model.json stores.
/// </summary>
public sealed record ModelShape(
    Family Family,
    Link Link,
    IReadOnlyList<string> FixedEffects,
    IReadOnlyList<GroupShape> GroupTerms,
    bool HasKnownSe)
{
    /// <summary>Ordinal (cumulative) models: the outcome's categories in order; null otherwise.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    public static ModelShape Of(ModelDesign design) => new(
        design.Family,
        design.Link,
        design.FixedEffects.Names,
        design.GroupTerms.Select(t => new GroupShape(t.Name, t.Levels, t.CoefficientNames, t.Correlated)).ToList(),
        design.Response.KnownSe is not null)
    {
        Categories = design.Response.Categories,
    };
}

/// <summary>A group term's name, levels (in order), varying coefficients and whether they are correlated.</summary>
public sealed record GroupShape(string Name, IReadOnlyList<string> Levels, IReadOnlyList<string> CoefficientNames, bool Correlated)
{
    public int CoefficientCount => CoefficientNames.Count;
}
