using MisterP.Output;
using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Output;

public class DrawsFileTests
{
    private static PosteriorDraws Sample()
    {
        var random = new Random(3);
        double[] Chain(int n, int k) => Enumerable.Range(0, n * k).Select(_ => random.NextDouble() * 1e3 - 500 + 1e-17).ToArray();
        return new PosteriorDraws(["b_Intercept", "r_state[AL,Intercept]", "b_educNo HS"], [Chain(50, 3), Chain(50, 3)],
            SamplerStatistics.Names, [Chain(50, 7), Chain(50, 7)], 50);
    }

    [Fact]
    public void DrawsCsvRoundTripsBitExactly()
    {
        using var temp = new TempFolder();
        var draws = Sample();
        var path = Path.Combine(temp.Path, "draws.csv");
        DrawsCsv.Write(path, draws);
        var back = DrawsCsv.Read(path);
        Assert.Equal(draws.ParameterNames, back.ParameterNames);
        Assert.Equal(draws.StatisticNames, back.StatisticNames);
        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(draws.ChainParameters(c).ToArray(), back.ChainParameters(c).ToArray());
            Assert.Equal(draws.ChainStatistics(c).ToArray(), back.ChainStatistics(c).ToArray());
        }
    }

    [Fact]
    public void CmdStanCsvRoundTrips()
    {
        using var temp = new TempFolder();
        var draws = Sample();
        CmdStanCsv.Write(temp.Path, draws, new CmdStanMetadata
        {
            ModelName = "m",
            Seed = 1,
            NumWarmup = 10,
            NumSamples = 50,
            StepSizes = [0.5, 0.4],
            InverseMetricDiagonals = [[1, 2, 3], [1, 2, 3]],
        });
        var back = CmdStanCsv.Read([Path.Combine(temp.Path, "output_1.csv"), Path.Combine(temp.Path, "output_2.csv")]);
        Assert.Equal(["b_Intercept", "r_state__AL__Intercept", "b_educNo_HS"], back.ParameterNames);
        Assert.Equal(draws.ChainParameters(1).ToArray(), back.ChainParameters(1).ToArray());
        Assert.Equal(SamplerStatistics.Names, back.StatisticNames);
    }

    [Fact]
    public void MalformedFilesNameTheLine()
    {
        using var temp = new TempFolder();
        var bad = temp.File("bad.csv", "chain,draw,lp__,x\n1,1,-3,0.5\n1,2,-3,oops\n");
        var e = Assert.Throws<UserInputException>(() => DrawsCsv.Read(bad));
        Assert.Contains("line 3, column 4", e.Message);
        var mismatch = temp.File("c2.csv", "lp__,accept_stat__,y\n-1,0.9,2\n");
        var ok = temp.File("c1.csv", "lp__,accept_stat__,x\n-1,0.9,2\n");
        Assert.Contains("different columns", Assert.Throws<UserInputException>(() => CmdStanCsv.Read([ok, mismatch])).Message);
    }

    [Fact]
    public void BlockerFilesLackEnergySoNoEbfmi()
    {
        var draws = CmdStanCsv.Read([SharedData.RequireFile("reference/stan_diagnostics/blocker.1.csv"), SharedData.RequireFile("reference/stan_diagnostics/blocker.2.csv")]);
        Assert.DoesNotContain("energy__", draws.StatisticNames);
        var sampler = SamplerDiagnostics.From(draws, 10);
        Assert.All(sampler.EbfmiPerChain, e => Assert.Null(e));
        Assert.Equal(1000, draws.DrawsPerChain);
    }
}
