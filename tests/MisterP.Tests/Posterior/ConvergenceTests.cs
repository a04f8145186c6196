using MisterP.Output;
using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Posterior;

public class ConvergenceTests
{
    /// <summary>The shared-work <see cref="Diagnostics.Convergence"/> gives what the three separate functions give.</summary>
    [Fact]
    public void ConvergenceEqualsRhatEssBulkAndEssTail()
    {
        var draws = CmdStanCsv.Read([
            SharedData.RequireFile("reference/stan_diagnostics/blocker.1.csv"),
            SharedData.RequireFile("reference/stan_diagnostics/blocker.2.csv"),
        ]);
        for (var k = 0; k < draws.ParameterNames.Count; k++)
        {
            var chains = draws.Parameter(k);
            // Even chains (one sort and a merge), odd chains (the general path), and ties (values rounded).
            Check(chains);
            Check(chains.Select(c => c[..^1]).ToArray());
            Check(chains.Select(c => c.Select(v => Math.Round(v, 1)).ToArray()).ToArray());
        }

        static void Check(double[][] chains)
        {
            var (rhat, bulk, tail) = Diagnostics.Convergence(chains);
            Assert.Equal(Diagnostics.Rhat(chains), rhat, 12);
            Assert.Equal(Diagnostics.EssBulk(chains), bulk, 12);
            Assert.Equal(Diagnostics.EssTail(chains), tail, 12);
        }
    }

    /// <summary>Reused per-thread buffers leave no trace: the same bits whatever quantity (of this shape or another) came before.</summary>
    [Fact]
    public void ConvergenceDoesNotDependOnThePreviousQuantity()
    {
        var random = new Random(7);
        double[][] Chains(int m, int n, int digits) =>
            [.. Enumerable.Range(0, m).Select(_ => Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 10, digits)).ToArray())];
        var (even, odd, tied, other) = (Chains(4, 1000, 15), Chains(4, 999, 15), Chains(4, 1000, 1), Chains(2, 30, 15));
        var first = Diagnostics.Convergence(even);
        foreach (var before in new[] { tied, other, odd, even })
        {
            Diagnostics.Convergence(before);
            var again = Diagnostics.Convergence(even);
            Assert.Equal(BitConverter.DoubleToInt64Bits(first.Rhat), BitConverter.DoubleToInt64Bits(again.Rhat));
            Assert.Equal(BitConverter.DoubleToInt64Bits(first.EssBulk), BitConverter.DoubleToInt64Bits(again.EssBulk));
            Assert.Equal(BitConverter.DoubleToInt64Bits(first.EssTail), BitConverter.DoubleToInt64Bits(again.EssTail));
        }
    }
}
