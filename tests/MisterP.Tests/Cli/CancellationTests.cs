using System.Diagnostics;
using MisterP.Data;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>Issue 12: a signal (SIGINT, SIGTERM, SIGHUP) stops any phase with nothing written and no temporaries left.</summary>
public class CancellationTests
{
    [Fact]
    public void CancelledFitExits130AndLeavesNothing()
    {
        using var temp = new TempFolder();
        var data = temp.File("survey.csv", OutputSafetyTests.Survey);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        // A million warmup iterations would run for minutes: cancellation must stop sampling.
        var (exit, _, error) = CliRunner.Run(cancel.Token, "fit", data, "--formula", "y ~ male + (1|state)", "--warmup", "1000000", "--out", Path.Combine(temp.Path, "fit"), "-q");
        Assert.Equal(130, exit);
        Assert.Contains("cancelled", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Equal(["survey.csv"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void CancelledSaveWritesNothingAndRemovesItsTemporaryFolder()
    {
        using var temp = new TempFolder();
        var data = temp.File("survey.csv", OutputSafetyTests.Survey);
        using var source = TableSources.Open(data);
        var fit = Mrp.Fit(data, "y ~ male", new FitOptions { Method = FitMethod.Laplace, Sampler = new() { Draws = 50, Chains = 2 } });
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => fit.Save(Path.Combine(temp.Path, "fit"), cancellationToken: cancel.Token));
        Assert.Equal(["survey.csv"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void CancelledPoststratExits130AndWritesNoEstimates()
    {
        using var temp = new TempFolder();
        var fit = OutputSafetyTests.LaplaceFit(temp);
        var frame = temp.File("frame.csv", OutputSafetyTests.Frame);
        var before = Directory.GetFileSystemEntries(temp.Path).Order().ToList();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var (exit, _, _) = CliRunner.Run(cancel.Token, "poststrat", fit, "--frame", frame, "--by", "state", "--out", Path.Combine(temp.Path, "est.csv"), "--draws-out", Path.Combine(temp.Path, "d.parquet"), "-q");
        Assert.Equal(130, exit);
        Assert.Equal(before, Directory.GetFileSystemEntries(temp.Path).Order().ToList());
    }

    [Fact]
    public async Task SigtermStopsTheRealProcessWithExit143AndNoTemporaries()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is POSIX.");
        using var temp = new TempFolder();
        var data = temp.File("survey.csv", OutputSafetyTests.Survey);
        var cli = Path.Combine(AppContext.BaseDirectory, "mrp.dll");
        Assert.SkipUnless(File.Exists(cli), "mrp.dll is not beside the tests.");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "fit", data, "--formula", "y ~ male + (1|state)", "--warmup", "1000000", "--out", Path.Combine(temp.Path, "fit"), "-q" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        // Wait until the runtime is up and sampling (the handler is registered before the command runs).
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.False(process.HasExited, "the fit ended before the signal");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(143, process.ExitCode);
        Assert.Contains("cancelled", await stderr);
        Assert.Equal(["survey.csv"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }
}
