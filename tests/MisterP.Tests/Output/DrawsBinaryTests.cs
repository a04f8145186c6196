using MisterP.Output;
using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Output;

public class DrawsBinaryTests
{
    private static PosteriorDraws Draws(double shift) => new(
        ["b_Intercept", "r_state[CA,Intercept]"],
        [[0.1 + shift, -1e-300, 2.5, double.NaN], [1.0 / 3, 7, -0.0, 1e308]],
        ["lp__"],
        [[-1, -2], [-3, -4]],
        drawsPerChain: 2);

    [Fact]
    public void RoundTripsBitForBitAndDefersToANewerOrDifferentDrawsCsv()
    {
        using var temp = new TempFolder();
        var csv = temp.File("draws.csv");
        var bin = temp.File("draws.bin");
        var draws = Draws(0);
        DrawsCsv.Write(csv, draws);
        DrawsBinary.Write(bin, draws, new FileInfo(csv).Length);

        var read = DrawsBinary.TryRead(bin, csv)!;
        Assert.Equal(draws.ParameterNames, read.ParameterNames);
        Assert.Equal(draws.StatisticNames, read.StatisticNames);
        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(draws.ChainParameters(c).ToArray(), read.ChainParameters(c).ToArray());
            Assert.Equal(draws.ChainStatistics(c).ToArray(), read.ChainStatistics(c).ToArray());
        }

        // draws.csv replaced by other draws: the copy no longer applies.
        DrawsCsv.Write(csv, Draws(0.25));
        File.SetLastWriteTimeUtc(bin, File.GetLastWriteTimeUtc(csv).AddSeconds(1));
        Assert.Null(DrawsBinary.TryRead(bin, csv));
        DrawsBinary.Write(bin, Draws(0.25), new FileInfo(csv).Length);
        File.SetLastWriteTimeUtc(csv, File.GetLastWriteTimeUtc(bin).AddSeconds(1));
        Assert.Null(DrawsBinary.TryRead(bin, csv));

        File.WriteAllBytes(bin, File.ReadAllBytes(bin)[..40]);
        File.SetLastWriteTimeUtc(bin, File.GetLastWriteTimeUtc(csv).AddSeconds(1));
        Assert.Null(DrawsBinary.TryRead(bin, csv));
    }
}
