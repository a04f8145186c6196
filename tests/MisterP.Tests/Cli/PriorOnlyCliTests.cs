using Xunit;

namespace MisterP.Tests.Cli;

/// <summary><c>mrp fit --prior-only</c>: the same model without its likelihood.</summary>
public sealed class PriorOnlyCliTests
{
    private const string Survey = "y,state,male\n1,CA,0.5\n0,CA,-0.5\n1,TX,0.5\n1,TX,0.5\n0,NY,-0.5\n1,NY,0.5\n0,CA,-0.5\n1,TX,-0.5\n0,NY,0.5\n1,CA,0.5\n";

    [Fact]
    public void DrawsFollowThePriorAndThePredictiveCheckPlots()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var dir = Path.Combine(temp.Path, "prior");
        var fit = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--prior-only", "--prior", "b_male ~ normal(0, 1)",
            "--out", dir, "--seed", "4", "--quiet");
        Assert.True(fit.Exit == 0, fit.Error);

        // b_male's draws are its N(0, 1) prior whatever the data say: P(|b| < 1) = 0.6827. Tolerance: 4 binomial
        // standard errors with 1,000 effective draws of the 4,000 (conservative for NUTS on a Gaussian).
        var draws = MisterP.Workflow.SavedFit.Load(dir).Draws!;
        var b = draws.Parameter(draws.ParameterNames.ToList().IndexOf("b_male")).SelectMany(c => c).ToArray();
        var inside = b.Count(x => Math.Abs(x) < 1) / (double)b.Length;
        Assert.InRange(inside, 0.6827 - 4 * Math.Sqrt(0.6827 * 0.3173 / 1000), 0.6827 + 4 * Math.Sqrt(0.6827 * 0.3173 / 1000));
        Assert.InRange(b.Average(), -4 / Math.Sqrt(1000), 4 / Math.Sqrt(1000));

        var svg = Path.Combine(temp.Path, "ppc.svg");
        var plot = CliRunner.Run("plot", dir, "ppc", "--out", svg);
        Assert.True(plot.Exit == 0, plot.Error);
        Assert.True(File.Exists(svg));

        var loo = CliRunner.Run("loo", dir);
        Assert.Equal(2, loo.Exit);
        Assert.Contains("--prior-only", loo.Error);
    }

    [Fact]
    public void FlatPriorsAndOtherMethodsAreRefused()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var flat = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--prior-only", "--prior", "b_male ~ flat", "--out", Path.Combine(temp.Path, "a"), "--quiet");
        Assert.Equal(2, flat.Exit);
        Assert.Contains("b_male has a flat prior", flat.Error);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "a")));

        var ml = CliRunner.Run("fit", data, "--formula", "y ~ male", "--prior-only", "--method", "ml", "--out", Path.Combine(temp.Path, "b"), "--quiet");
        Assert.Equal(2, ml.Exit);
        Assert.Contains("--prior-only", ml.Error);
    }
}
