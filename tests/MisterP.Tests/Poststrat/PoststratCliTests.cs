using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Poststrat;

public class PoststratCliTests
{
    private const string Survey = "y,state,male\n1,CA,0.5\n0,CA,-0.5\n1,TX,0.5\n1,TX,0.5\n0,NY,-0.5\n1,NY,0.5\n0,CA,-0.5\n1,TX,-0.5\n0,NY,0.5\n1,CA,0.5\n";

    [Fact]
    public void ContrastsAndFinitePopulationFromTheCommandLine()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var frame = temp.File("f.csv", "state,male,n\nCA,0.5,5\nCA,-0.5,4\nTX,0.5,3\nTX,-0.5,1\nNY,-0.5,1\nNY,0.5,2\n");
        var fit = Path.Combine(temp.Path, "fit");
        var fitted = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--method", "laplace", "--draws", "200", "--chains", "1", "--out", fit, "--quiet");
        Assert.True(fitted.Exit == 0, fitted.Error);

        var estimates = Path.Combine(temp.Path, "est.csv");
        var perDraw = Path.Combine(temp.Path, "draws.csv");
        var run = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--contrast", "state=CA,TX", "--finite-population", "--out", estimates, "--draws-out", perDraw);
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("state: CA − TX", run.Output);
        Assert.Contains("R-hat does not apply", run.Output);
        var lines = File.ReadAllLines(estimates);
        Assert.Equal("by,state,estimate,sd,lower,upper,population,rhat,ess_bulk,ess_tail,interval", lines[0]);
        Assert.StartsWith("\"state=CA,TX\",,", lines[^1]);
        // NY is fully observed: 1 success among its 3 people, in every draw.
        var ny = lines.Single(l => l.StartsWith("state,NY,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(1.0 / 3, double.Parse(ny[2], System.Globalization.CultureInfo.InvariantCulture), 12);

        var draws = File.ReadAllLines(perDraw);
        Assert.Equal("by,state,chain,draw,estimate", draws[0]);
        Assert.Equal(200, draws.Count(l => l.StartsWith("\"state=CA,TX\",,1,", StringComparison.Ordinal)));

        var notASet = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "", "--contrast", "state=CA,TX", "--out", Path.Combine(temp.Path, "x.csv"));
        Assert.Equal(2, notASet.Exit);
        Assert.Contains("add --by state", notASet.Error);
        Assert.False(File.Exists(Path.Combine(temp.Path, "x.csv")));
    }
}
