using MisterP.Design;
using Xunit;

namespace MisterP.Tests.Design;

/// <summary>brms's per-category names: written, read back and used as --prior targets, with a category that contains '_'.</summary>
public class CategoryNamesTests
{
    private static readonly CategoryNames Names = new(["A", "B", "B_x", "2"]);

    [Theory]
    [InlineData("b_Intercept", 1, "b_muB_Intercept")]
    [InlineData("b_male", 2, "b_muB_x_male")]
    [InlineData("sd_state__Intercept", 2, "sd_state__muB_x_Intercept")]
    [InlineData("cor_state__Intercept__x", 1, "cor_state__muB_Intercept__muB_x")]
    [InlineData("r_state[AL,Intercept]", 1, "r_state__muB[AL,Intercept]")]
    [InlineData("r_educ:age[HS_18-29,Intercept]", 3, "r_educ:age__mu2[HS_18-29,Intercept]")]
    public void OutputNamesRoundTrip(string glm, int category, string brms)
    {
        Assert.Equal(brms, Names.Output(glm, category));
        Assert.Equal((category, glm), Names.Parse(brms));
    }

    [Fact]
    public void NamesOfNoCategoryAreNotParsed()
    {
        Assert.Null(Names.Parse("b_Intercept"));
        Assert.Null(Names.Parse("sd_state__Intercept"));
        Assert.Null(Names.Parse("r_state[AL,Intercept]"));
    }

    [Theory]
    [InlineData("b", 1, "b")]
    [InlineData("b_muB", 1, "b")]
    [InlineData("b_muB", 2, null)]
    [InlineData("b_muB_x", 2, "b")]
    [InlineData("b_muB_x", 1, null)]
    [InlineData("b_muB_x_male", 2, "b_male")]
    [InlineData("b_muB_male", 1, "b_male")]
    [InlineData("Intercept_mu2", 3, "Intercept")]
    [InlineData("b_mu2_Intercept", 3, "Intercept")]
    [InlineData("sd_state__muB_x_Intercept", 2, "sd_state__Intercept")]
    [InlineData("sd_state__muB", 1, "sd_state")]
    [InlineData("sd_muB_x", 2, "sd")]
    [InlineData("sd_state", 3, "sd_state")]
    public void PriorTargetsApplyToTheCategoriesTheyName(string target, int category, string? expected)
    {
        Assert.Equal(expected, Names.Target(target, category));
    }
}
