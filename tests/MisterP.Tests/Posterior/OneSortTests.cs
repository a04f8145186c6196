using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Posterior;

/// <summary>The one-sort summary path must give bit for bit what the four separate sorts give, and step aside where it cannot.</summary>
public class OneSortTests
{
    [Theory]
    [InlineData(4, 1000, 1)]
    [InlineData(2, 10, 2)]
    [InlineData(3, 50, 3)]
    public void MatchesSeparateSortsBitForBit(int chainCount, int length, int seed)
    {
        var random = new Random(seed);
        // Rounded values give ties, the case where ranks are averaged.
        var chains = Enumerable.Range(0, chainCount)
            .Select(_ => Enumerable.Range(0, length).Select(_ => Math.Round(random.NextDouble() * 20 - 10.5, 1) + 0.05).ToArray()).ToArray();
        var all = chains.SelectMany(c => c).ToArray();
        Assert.True(OneSort.Applies(chains, all));

        var (sorted, median, mad, bulk, folded) = OneSort.Ranks(chains, all);
        var referenceSorted = all.Order().ToArray();
        var referenceMedian = ConvergenceMath.Quantile(referenceSorted, 0.5);
        Assert.Equal(referenceSorted, sorted);
        Assert.Equal(referenceMedian, median);
        Assert.Equal(1.4826 * ConvergenceMath.Quantile(all.Select(v => Math.Abs(v - referenceMedian)).Order().ToArray(), 0.5), mad);
        AssertSame(ConvergenceMath.RankNormalize(ConvergenceMath.Split(chains)), bulk);
        AssertSame(ConvergenceMath.RankNormalize(ConvergenceMath.Split(chains.Select(c => c.Select(v => Math.Abs(v - referenceMedian)).ToArray()).ToArray())), folded);
    }

    [Fact]
    public void StepsAsideForOddChainsZerosAndNaN()
    {
        double[][] odd = [[1, 2, 3], [4, 5, 6]];
        double[][] zero = [[1, 0], [2, 3]];
        double[][] nan = [[1, double.NaN], [2, 3]];
        Assert.False(OneSort.Applies(odd, [.. odd.SelectMany(c => c)]));
        Assert.False(OneSort.Applies(zero, [.. zero.SelectMany(c => c)]));
        Assert.False(OneSort.Applies(nan, [.. nan.SelectMany(c => c)]));
    }

    private static void AssertSame(double[][] expected, double[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c].Select(BitConverter.DoubleToInt64Bits), actual[c].Select(BitConverter.DoubleToInt64Bits));
        }
    }
}
