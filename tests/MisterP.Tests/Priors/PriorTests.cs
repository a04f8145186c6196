using MisterP.Families;
using MisterP.Priors;
using MisterP.Tests.Models;
using Xunit;

namespace MisterP.Tests.Priors;

public class PriorTests
{
    [Fact]
    public void DefaultsAreAutoscaledLikeRstanarm()
    {
        var design = RandomDesigns.Create(1, Family.Binomial, Link.Logit, [1], [false]);
        var set = DefaultPriors.Build(design, []);
        Assert.Equal("normal(0, 2.5)", set.Intercept!.ToString());
        Assert.Equal("normal(0, 4.166667)", set.Coefficients[1]!.ToString()); // 2.5 / sd(x) = 2.5 / 0.6
        Assert.Equal("normal(0, 5)", set.Coefficients[2]!.ToString());
        Assert.Equal("exponential(1)", set.GroupSds[0][0].ToString());
        Assert.Contains(set.Entries, e => e.Target == "b_x" && e.Source.StartsWith("default", StringComparison.Ordinal));
    }

    [Fact]
    public void OverridesBySpecificityAndAlias()
    {
        var design = RandomDesigns.Create(1, Family.Binomial, Link.Logit, [2], [true]);
        var set = DefaultPriors.Build(design, [
            PriorParser.Parse("b_flag ~ normal(0, 1)"),
            PriorParser.Parse("b ~ student_t(3, 0, 2)"),
            PriorParser.Parse("sd_g0__x1 ~ halfnormal(0.5)"),
            PriorParser.Parse("sd ~ exponential(2)"),
            PriorParser.Parse("cor ~ lkj(2)"),
        ]);
        Assert.Equal("normal(0, 1)", set.Coefficients[2]!.ToString());
        Assert.Equal("student_t(3, 0, 2)", set.Coefficients[1]!.ToString());
        Assert.Equal("exponential(2)", set.GroupSds[0][0].ToString());
        Assert.Equal("halfnormal(0.5)", set.GroupSds[0][1].ToString());
        Assert.Equal(2, set.CorrelationEta[0]);
        Assert.Contains(set.Entries, e => e.Target == "b_flag" && e.Source == "user");
        Assert.Equal("educNoHS", PriorTargets.Sanitize("educNo HS"));
        Assert.True(PriorTargets.Matches("b_educ4MYearCollege", "b_educ4-Year College"));
    }

    [Theory]
    [InlineData("b_male normal(0,1)", "write TARGET ~ DISTRIBUTION")]
    [InlineData("b ~ nromal(0, 1)", "Did you mean 'normal'")]
    [InlineData("b ~ normal(0)", "takes 2 argument(s)")]
    [InlineData("sd ~ exponential(-1)", "must be > 0")]
    [InlineData("b ~ normal(0, x)", "'x' is not a number")]
    public void ParseErrors(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<UserInputException>(() => PriorParser.Parse(text)).Message);

    [Theory]
    [InlineData("b_nothing ~ normal(0, 1)", "names no parameter")]
    [InlineData("sigma ~ exponential(1)", "only gaussian")]
    [InlineData("b ~ exponential(1)", "positive parameters")]
    [InlineData("sd ~ lkj(2)", "only to correlations")]
    public void ResolutionErrors(string text, string expected)
    {
        var design = RandomDesigns.Create(1, Family.Binomial, Link.Logit, [1], [false]);
        var e = Assert.Throws<UserInputException>(() => DefaultPriors.Build(design, [PriorParser.Parse(text)]));
        Assert.Contains(expected, e.Message);
    }
}
