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
}
