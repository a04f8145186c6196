using MisterP.Data;
using Xunit;

namespace MisterP.Tests.Data;

public class LevelTextTests
{
    // Expected strings from R 4.2: as.character(x).
    [Theory]
    [InlineData(-0.5, "-0.5")]
    [InlineData(0.5, "0.5")]
    [InlineData(1, "1")]
    [InlineData(10, "10")]
    [InlineData(100000, "1e+05")]
    [InlineData(0.0001, "1e-04")]
    [InlineData(0.001, "0.001")]
    [InlineData(123456.7, "123456.7")]
    [InlineData(1.0 / 3, "0.333333333333333")]
    [InlineData(2.0 / 3 * 1e-7, "6.66666666666667e-08")]
    [InlineData(1234567890123, "1234567890123")]
    [InlineData(-12.25, "-12.25")]
    [InlineData(1e15, "1e+15")]
    [InlineData(3e20, "3e+20")]
    public void MatchesRAsCharacter(double value, string expected) => Assert.Equal(expected, LevelText.Format(value));

    [Fact]
    public void FormatAllFormatsEachValueAsFormatDoes()
    {
        double[] values = [-0.5, 0.5, -0.5, 0.0, -0.0, double.NaN, 1e15, double.NegativeInfinity, 0.5, double.NaN];
        Assert.Equal(values.Select(LevelText.Format), LevelText.FormatAll(values));
    }
}
