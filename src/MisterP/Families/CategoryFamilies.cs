namespace MisterP.Families;

/// <summary>Which families model a distribution over categories, and which of those have a linear predictor per category.</summary>
public static class CategoryFamilies
{
    /// <summary>Cumulative, categorical and multinomial: the outcome is one of K categories (counted per cell).</summary>
    public static bool HasCategories(Family family) => family is Family.Cumulative or Family.Categorical or Family.Multinomial;

    /// <summary>Categorical and multinomial: unordered categories, one linear predictor per non-reference category.</summary>
    public static bool IsUnordered(Family family) => family is Family.Categorical or Family.Multinomial;
}
