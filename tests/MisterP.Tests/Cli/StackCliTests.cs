using System.Globalization;
using MisterP.Poststrat;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary><c>mrp poststrat DIR1 DIR2 … --stack</c>: the mixture of the fits' post-stratifications with stacking weights.</summary>
public sealed class StackCliTests
{
    private static readonly string[] States = ["CA", "TX", "NY"];

    private static string Survey()
    {
        var rows = new System.Text.StringBuilder("y,state,male,x\n");
        for (var i = 0; i < 60; i++)
        {
            var y = (i * 7 % 5) < 2 + (i % 3 == 1 ? 1 : 0) ? 1 : 0;
            rows.Append(CultureInfo.InvariantCulture, $"{y},{States[i % 3]},{(i % 2 == 0 ? 0.5 : -0.5)},{i % 4}\n");
        }

        return rows.ToString();
    }

    private static string Frame() => "state,male,x,n\n" + string.Join("\n", States.SelectMany((s, i) => new[] { $"{s},0.5,1,{100 + i}", $"{s},-0.5,2,{200 + i}" })) + "\n";

    private static string Fit(TempFolder temp, string data, string formula, string name)
    {
        var dir = Path.Combine(temp.Path, name);
        var fit = CliRunner.Run("fit", data, "--formula", formula, "--out", dir, "--chains", "2", "--warmup", "150", "--draws", "150", "--seed", "5", "--quiet");
        Assert.True(fit.Exit == 0, fit.Error);
        return dir;
    }

    private static List<string[]> Rows(string path) => File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToList();

    [Fact]
    public void WeightsOneAndZeroReproduceTheFirstFitAndTheMixtureIsSeededWithRhatNa()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey());
        var frame = temp.File("frame.csv", Frame());
        var a = Fit(temp, data, "y ~ male + (1|state)", "a");
        var b = Fit(temp, data, "y ~ (1|state)", "b");
        var single = Path.Combine(temp.Path, "single.csv");
        Assert.Equal(0, CliRunner.Run("poststrat", a, "--frame", frame, "--by", "state", "--by", "", "--out", single, "--quiet").Exit);

        var weights = temp.File("w.csv", "model,quantity,estimate,se\na,weight_stacking,1,\nb,weight_stacking,0,\n");
        var stacked = Path.Combine(temp.Path, "stacked.csv");
        var run = CliRunner.Run("poststrat", a, b, "--stack", "--weights", weights, "--frame", frame, "--by", "state", "--by", "", "--out", stacked);
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("a 1.000, b 0.000", run.Output, StringComparison.Ordinal);
        var one = Rows(single);
        var mix = Rows(stacked);
        Assert.Equal(one.Count, mix.Count);
        for (var r = 0; r < one.Count; r++)
        {
            // by, state, estimate, sd, lower, upper, population equal; rhat, ess_bulk and ess_tail are NA for the mixture.
            Assert.Equal(one[r][..7], mix[r][..7]);
            Assert.Equal(["NA", "NA", "NA"], mix[r][7..10]);
        }

        // Equal weights: the estimate is near the average of the two fits' and the same seed gives the same file.
        var half = temp.File("half.csv", "model,weight\na,0.5\nb,0.5\n");
        string Mixed(string seed, string name)
        {
            var path = Path.Combine(temp.Path, name);
            var result = CliRunner.Run("poststrat", a, b, "--stack", "--weights", half, "--frame", frame, "--by", "", "--out", path, "--seed", seed, "--quiet");
            Assert.True(result.Exit == 0, result.Error);
            return File.ReadAllText(path);
        }

        Assert.Equal(Mixed("3", "m1.csv"), Mixed("3", "m2.csv"));
        Assert.NotEqual(Mixed("3", "m1.csv"), Mixed("4", "m3.csv"));

        // Computed weights (from the fits' PSIS-LOO, as mrp loo) are printed and sum to 1.
        var computed = CliRunner.Run("poststrat", a, b, "--stack", "--frame", frame, "--by", "", "--out", Path.Combine(temp.Path, "c.csv"));
        Assert.True(computed.Exit == 0, computed.Error);
        Assert.Contains("by stacking of their PSIS-LOO", computed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void MixtureDrawsFollowTheWeights()
    {
        var choices = PoststratMixture.Choices([0.25, 0.0, 0.75], 40000, 9);
        Assert.DoesNotContain(1, choices);
        var share = choices.Count(c => c == 0) / 40000.0;
        Assert.InRange(share, 0.25 - 4 * Math.Sqrt(0.25 * 0.75 / 40000), 0.25 + 4 * Math.Sqrt(0.25 * 0.75 / 40000));
        Assert.Equal(choices, PoststratMixture.Choices([0.25, 0.0, 0.75], 40000, 9));
    }

    [Fact]
    public void RefusesWhatCannotBeStackedNamingTheProblem()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey());
        var frame = temp.File("frame.csv", "state,male,n\nCA,0.5,10\nTX,0.5,10\nNY,0.5,10\n");
        var a = Fit(temp, data, "y ~ male + (1|state)", "a");
        var withX = Fit(temp, data, "y ~ x + (1|state)", "withx");
        var columns = CliRunner.Run("poststrat", a, withX, "--stack", "--weights", temp.File("w.csv", "model,weight\na,0.5\nwithx,0.5\n"), "--frame", frame, "--out", Path.Combine(temp.Path, "e.csv"));
        Assert.Equal(2, columns.Exit);
        Assert.Contains("'withx' needs x", columns.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "e.csv")));

        var other = temp.File("t.csv", string.Join("\n", Survey().Split('\n').Take(46)) + "\n");
        var differentData = Fit(temp, other, "y ~ male + (1|state)", "other");
        var data2 = CliRunner.Run("poststrat", a, differentData, "--stack", "--frame", frame, "--out", Path.Combine(temp.Path, "e.csv"));
        Assert.Equal(2, data2.Exit);
        Assert.Contains("different data", data2.Error, StringComparison.Ordinal);

        var missingWeight = CliRunner.Run("poststrat", a, withX, "--stack", "--weights", temp.File("w2.csv", "model,weight\na,1\n"), "--frame", frame, "--out", Path.Combine(temp.Path, "e.csv"));
        Assert.Equal(2, missingWeight.Exit);

        var noStack = CliRunner.Run("poststrat", a, withX, "--frame", frame, "--out", Path.Combine(temp.Path, "e.csv"));
        Assert.Equal(2, noStack.Exit);
        Assert.Contains("--stack", noStack.Error, StringComparison.Ordinal);
    }
}
