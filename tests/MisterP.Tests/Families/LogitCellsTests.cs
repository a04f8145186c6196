using System.Runtime.Intrinsics;
using MisterP.Families;
using Xunit;

namespace MisterP.Tests.Families;

/// <summary>The vectorized logit kernels agree with the scalar one (Math.Exp and Math.Log) far into both tails.</summary>
public class LogitCellsTests
{
    private delegate double Kernel(ReadOnlySpan<double> eta, ReadOnlySpan<double> k, ReadOnlySpan<double> n, Span<double> d, out int done);

    public static TheoryData<string> Kernels() => Vector512.IsHardwareAccelerated ? new TheoryData<string> { "portable", "wide" } : new TheoryData<string> { "portable" };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void EveryCellMatchesTheScalarKernel(string name)
    {
        Kernel kernel = name == "wide" ? LogitCellsWide.Whole : LogitCells.Whole;
        var random = new Random(5);
        double[] special = [0, -0.0, 1e-300, -1e-300, 1e-9, -1e-9, 0.5, -0.5, 0.8813735870195430, -0.8813735870195430, 36, -36, 700, -700, 745, -745, 1e5, -1e5];
        var cells = special.Concat(Enumerable.Range(0, 3000).Select(i => (random.NextDouble() * 2 - 1) * (i % 3 == 0 ? 40 : 4)));
        // Eight copies of one cell fill whole SIMD vectors (of 2, 4 or 8 lanes), so the vector path is what is checked.
        const int lanes = 8;
        foreach (var eta in cells)
        {
            var k = (double)random.Next(0, 30);
            var n = k + random.Next(0, 30);
            var d = new double[lanes];
            var total = kernel(Enumerable.Repeat(eta, lanes).ToArray(), Enumerable.Repeat(k, lanes).ToArray(), Enumerable.Repeat(n, lanes).ToArray(), d, out var done);
            Assert.Equal(lanes, done);
            var expected = CellLikelihood.BinomialLogit(k, n, eta, out var expectedD);
            Assert.True(Math.Abs(total / lanes - expected) <= 1e-14 * (Math.Abs(k * eta) + Math.Abs(expected) + 1), $"{name}, η = {eta}: ℓ {total / lanes} vs {expected}");
            Assert.All(d, v => Assert.True(Math.Abs(v - expectedD) <= 1e-14 * (n + 1), $"{name}, η = {eta}: dℓ/dη {v} vs {expectedD}"));
        }
    }

    [Fact]
    public void MixedCellsSumAndTailMatch()
    {
        // An odd length: 512-bit blocks, then narrower vectors, then the scalar tail.
        var eta = Enumerable.Range(0, 71).Select(i => -20 + 0.57 * i).ToArray();
        var k = eta.Select((_, i) => (double)(i % 5)).ToArray();
        var n = k.Select(v => v + 3).ToArray();
        var d = new double[eta.Length];
        var total = LogitCells.LogLikelihood(eta, k, n, d);
        var expectedTotal = 0.0;
        for (var i = 0; i < eta.Length; i++)
        {
            expectedTotal += CellLikelihood.BinomialLogit(k[i], n[i], eta[i], out var expected);
            Assert.True(Math.Abs(d[i] - expected) <= 1e-14 * n[i], $"η = {eta[i]}: dℓ/dη {d[i]} vs {expected}");
        }

        Assert.Equal(expectedTotal, total, 1e-11);
    }
}
