using System.Text.Json;
using Xunit;

namespace MisterP.Tests.Cli;

public class CliTests
{
    private const string Survey = "y,state,male\n1,CA,0.5\n0,CA,-0.5\n1,TX,0.5\n1,TX,0.5\n0,NY,-0.5\n1,NY,0.5\n0,CA,-0.5\n1,TX,-0.5\n0,NY,0.5\n1,CA,0.5\n";

    [Fact]
    public void HelpSucceeds()
    {
        var (exit, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("fit", output);
        Assert.Contains("poststrat", output);
    }

    [Theory]
    [InlineData("fit", "--nonsense")]
    [InlineData("frobnicate")]
    public void ParseErrorsExitWith2(params string[] args) => Assert.Equal(2, CliRunner.Run(args).Exit);

    [Fact]
    public void BadInputExitsWith2AndSaysWhatToFix()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var missing = CliRunner.Run("fit", Path.Combine(temp.Path, "nope.csv"), "--formula", "y ~ male", "--out", Path.Combine(temp.Path, "o"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("not found", missing.Error);

        var formula = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|stat)", "--out", Path.Combine(temp.Path, "o"));
        Assert.Equal(2, formula.Exit);
        Assert.Contains("Did you mean 'state'?", formula.Error);
        Assert.Contains("^", formula.Error);

        var prior = CliRunner.Run("fit", data, "--formula", "y ~ male", "--prior", "b_mael ~ normal(0, 1)", "--out", Path.Combine(temp.Path, "o"));
        Assert.Equal(2, prior.Exit);
        Assert.Contains("names no parameter", prior.Error);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "o")));
    }

    [Fact]
    public void MlFitWritesTheFitFolder()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var outDir = Path.Combine(temp.Path, "fit");
        var (exit, output, error) = CliRunner.Run("fit", data, "--formula", "y ~ male", "--method", "ml", "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("b_male", output);
        Assert.Equal("parameter,estimate,std_error,statistic,p_value,conf_low,conf_high", File.ReadLines(Path.Combine(outDir, "summary.csv")).First());
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json")));
        Assert.Equal("bernoulli", model.RootElement.GetProperty("family").GetString());
        Assert.Equal(10, model.RootElement.GetProperty("data").GetProperty("rows_used").GetInt32());

        var again = CliRunner.Run("fit", data, "--formula", "y ~ male", "--method", "ml", "--out", outDir);
        Assert.Equal(2, again.Exit);
        Assert.Contains("--overwrite", again.Error);
    }

    [Fact]
    public void NutsFitSummaryPoststratAndCompareWorkTogether()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var frame = temp.File("frame.csv", "state,male,n\nCA,0.5,100\nCA,-0.5,120\nTX,0.5,80\nTX,-0.5,90\nNY,0.5,60\nNY,-0.5,50\nWA,0.5,10\n");
        var outDir = Path.Combine(temp.Path, "fit");
        var fit = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--out", outDir, "--chains", "2", "--warmup", "200", "--draws", "200", "--seed", "3", "--cmdstan-csv");
        Assert.True(fit.Exit == 0, fit.Error);
        var header = File.ReadLines(Path.Combine(outDir, "draws.csv")).First();
        Assert.StartsWith("chain,draw,lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,b_Intercept,b_male,sd_state__Intercept,\"r_state[CA,Intercept]\"", header);
        Assert.Equal("parameter,mean,sd,q5,q50,q95,mcse_mean,ess_bulk,ess_tail,rhat", File.ReadLines(Path.Combine(outDir, "summary.csv")).First());
        Assert.True(File.Exists(Path.Combine(outDir, "output_2.csv")));

        var summary = CliRunner.Run("summary", outDir, "--format", "csv");
        Assert.Equal(0, summary.Exit);
        Assert.Contains("sd_state__Intercept", summary.Output);
        var cmdstan = CliRunner.Run("summary", Path.Combine(outDir, "output_1.csv"), Path.Combine(outDir, "output_2.csv"));
        Assert.Equal(0, cmdstan.Exit);

        var estimates = Path.Combine(temp.Path, "est.csv");
        var post = CliRunner.Run("poststrat", outDir, "--frame", frame, "--weight", "n", "--by", "state", "--by", "", "--out", estimates, "--allow-new-levels");
        Assert.True(post.Exit == 0, post.Error);
        Assert.Contains("WA", post.Output);
        Assert.Contains("never seen", post.Output);
        var parquet = Path.Combine(temp.Path, "draws.parquet");
        Assert.Equal(0, CliRunner.Run("poststrat", outDir, "--frame", frame, "--by", "state", "--out", Path.Combine(temp.Path, "est2.csv"), "--draws-out", parquet, "--quiet", "--allow-new-levels").Exit);
        using (var perDraw = MisterP.Data.TableSources.Open(parquet))
        {
            Assert.Equal(4 * 400, perDraw.Load(["draw"], ["draw"]).Table.RowCount);
        }

        var lines = File.ReadAllLines(estimates);
        Assert.Equal("by,state,estimate,sd,lower,upper,population,rhat,ess_bulk,ess_tail,interval", lines[0]);
        Assert.Equal(6, lines.Length);

        var compare = CliRunner.Run("compare", estimates, "--raw", data, "--outcome", "y", "--by", "state", "--out", Path.Combine(temp.Path, "cmp.csv"));
        Assert.True(compare.Exit == 0, compare.Error);
        Assert.StartsWith("state,raw,raw_n,mrp,mrp_lower,mrp_upper,truth", File.ReadLines(Path.Combine(temp.Path, "cmp.csv")).First());
    }

    [Fact]
    public void SameSeedGivesIdenticalDrawsWhateverTheThreads()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        string Fit(string name, string threads)
        {
            var dir = Path.Combine(temp.Path, name);
            var r = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--out", dir, "--chains", "2", "--warmup", "100", "--draws", "100", "--seed", "9", "--threads", threads);
            Assert.True(r.Exit == 0, r.Error);
            return File.ReadAllText(Path.Combine(dir, "draws.csv"));
        }

        Assert.Equal(Fit("a", "1"), Fit("b", "2"));
    }
}
