using MisterP.Data;
using MisterP.Inference;
using MisterP.Poststrat;
using MisterP.Tests.Cli;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Workflow;

/// <summary>Long work reports progress through IProgress from the library; the CLI shows it only on a terminal.</summary>
public class ProgressReportingTests
{
    private const string Survey = "y,state,male\n1,CA,0.5\n0,CA,-0.5\n1,TX,0.5\n1,TX,0.5\n0,NY,-0.5\n1,NY,0.5\n0,CA,-0.5\n1,TX,-0.5\n0,NY,0.5\n1,CA,0.5\n";

    private const string Frame = "state,male,n\nCA,0.5,100\nCA,-0.5,300\nTX,0.5,80\nTX,-0.5,90\nNY,-0.5,0\nNY,0.5,50\nNY,0.5,20\n";

    [Fact]
    public void PoststratificationReportsEveryChunkOfTheFrame()
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", Survey));
        var fit = Mrp.Fit(sample, "y ~ male + (1|state)", new FitOptions { Sampler = new SamplerOptions { Chains = 1, Warmup = 50, Draws = 20, Seed = 3 } });
        using var frame = TableSources.Open(temp.File("f.csv", Frame));
        var reports = new List<PoststratProgress>();
        var progress = new Recorder<PoststratProgress>(reports.Add);
        var chunked = fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"]], ChunkRows = 3 }, progress);
        Assert.Equal([3L, 6L, 7L], reports.Select(r => r.CellsDone));
        Assert.All(reports, r => Assert.Equal(7, r.TotalCells));

        // Reporting changes nothing in the estimates.
        var quiet = fit.Poststratify(frame, new PoststratOptions { Weight = "n", By = [["state"]], ChunkRows = 3 });
        Assert.Equal(quiet.Estimates.Select(e => e.Estimate), chunked.Estimates.Select(e => e.Estimate));
    }

    [Fact]
    public void QuietCommandsPrintNothingAndRedirectedOutputHasNoBars()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var frame = temp.File("f.csv", Frame);
        var fitDir = Path.Combine(temp.Path, "fit");
        var sampler = new[] { "--chains", "2", "--warmup", "60", "--draws", "40", "--target-accept", "0.8" };

        var fit = CliRunner.Run(["fit", data, "--formula", "y ~ male + (1|state)", "--out", fitDir, "--quiet", .. sampler]);
        Assert.True(fit.Exit == 0, fit.Error);
        Assert.Equal(string.Empty, fit.Output);

        var poststrat = CliRunner.Run("poststrat", fitDir, "--frame", frame, "--by", "state", "--out", Path.Combine(temp.Path, "est.csv"), "--quiet");
        Assert.True(poststrat.Exit == 0, poststrat.Error);
        Assert.Equal(string.Empty, poststrat.Output);

        var demoDir = Path.Combine(temp.Path, "demo");
        var quietDemo = CliRunner.Run(["demo", "--out", demoDir, "--quiet", .. sampler]);
        Assert.True(quietDemo.Exit == 0, quietDemo.Error);
        Assert.Equal(string.Empty, quietDemo.Output);
        Assert.True(File.Exists(Path.Combine(demoDir, "estimates.csv")));

        // Redirected (not a terminal): the stages and the summary as plain lines, no progress bars or escape codes.
        var demo = CliRunner.Run(["demo", "--out", demoDir, "--scenario", "saas", .. sampler]);
        Assert.True(demo.Exit == 0, demo.Error);
        Assert.Contains("- Multilevel model by NUTS", demo.Output);
        Assert.Contains("beyond any reweighting", demo.Output);
        Assert.Contains($"Demo output: {Path.GetFullPath(demoDir)}", demo.Output);
        Assert.DoesNotContain("chain 1", demo.Output);
        Assert.DoesNotContain("post-stratifying", demo.Output);
        Assert.DoesNotContain('\u001b', demo.Output + demo.Error);
    }

    private sealed class Recorder<T>(Action<T> record) : IProgress<T>
    {
        public void Report(T value) => record(value);
    }
}
