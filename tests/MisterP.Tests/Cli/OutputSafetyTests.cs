using System.Text;
using MisterP.Output;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>Issue 12, data loss: outputs never replace inputs or the user's files; --overwrite replaces only MisterP's own output.</summary>
public class OutputSafetyTests
{
    /// <summary>40 respondents in 3 states: small enough for a Laplace fit in well under a second.</summary>
    internal static readonly string Survey = BuildSurvey();

    internal const string Frame = "state,male,n\nCA,0.5,100\nCA,-0.5,120\nTX,0.5,80\nTX,-0.5,90\nNY,0.5,60\nNY,-0.5,50\n";

    [Fact]
    public void FitOverwriteNeverReplacesTheFolderHoldingItsData()
    {
        // The repro: mkdir v; cp survey.csv v/; mrp fit v/survey.csv --formula "…" --out v --overwrite.
        using var temp = new TempFolder();
        var v = Directory.CreateDirectory(Path.Combine(temp.Path, "v")).FullName;
        var data = Path.Combine(v, "survey.csv");
        File.WriteAllText(data, Survey);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ male", "--method", "ml", "--out", v, "--overwrite");
        Assert.Equal(2, exit);
        Assert.Contains("holds the input", error);
        Assert.Equal(Survey, File.ReadAllText(data));
        Assert.Single(Directory.GetFileSystemEntries(v));
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void FitNeverReplacesTheCurrentFolderOrOneHoldingIt()
    {
        using var temp = new TempFolder();
        var data = temp.File("survey.csv", Survey);
        foreach (var target in new[] { Directory.GetCurrentDirectory(), Path.GetDirectoryName(Directory.GetCurrentDirectory())! })
        {
            var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ male", "--method", "ml", "--out", target, "--overwrite");
            Assert.Equal(2, exit);
            Assert.Contains("current folder", error);
        }
    }

    [Fact]
    public void OverwriteReplacesOnlyAFolderMisterPWroteEntirely()
    {
        using var temp = new TempFolder();
        var data = temp.File("survey.csv", Survey);
        var fit = Path.Combine(temp.Path, "fit");
        Assert.Equal(0, CliRunner.Run("fit", data, "--formula", "y ~ male", "--method", "ml", "--out", fit, "-q").Exit);
        Assert.True(File.Exists(Path.Combine(fit, OutputManifest.FileName)));
        Assert.Equal(0, CliRunner.Run("fit", data, "--formula", "y ~ male", "--method", "ml", "--out", fit, "--overwrite", "-q").Exit);

        File.WriteAllText(Path.Combine(fit, "notes.txt"), "mine");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ male", "--method", "ml", "--out", fit, "--overwrite", "-q");
        Assert.Equal(2, exit);
        Assert.Contains("'notes.txt', which MisterP did not write", error);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(fit, "notes.txt")));

        var foreign = Directory.CreateDirectory(Path.Combine(temp.Path, "docs")).FullName;
        File.WriteAllText(Path.Combine(foreign, "thesis.tex"), "chapter 1");
        var other = CliRunner.Run("fit", data, "--formula", "y ~ male", "--method", "ml", "--out", foreign, "--overwrite", "-q");
        Assert.Equal(2, other.Exit);
        Assert.Contains("no model.json", other.Error);
        Assert.True(File.Exists(Path.Combine(foreign, "thesis.tex")));
    }

    [Fact]
    public void DemoRefusesAFolderHoldingSomethingElse()
    {
        using var temp = new TempFolder();
        var folder = Directory.CreateDirectory(Path.Combine(temp.Path, "demo")).FullName;
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        // What the old rule took for an earlier demo: data/survey.csv and estimates.csv, here beside the user's file.
        File.WriteAllText(Path.Combine(folder, "data", "survey.csv"), "y\n1\n");
        File.WriteAllText(Path.Combine(folder, "estimates.csv"), "by\n");
        File.WriteAllText(Path.Combine(folder, "budget.xlsx"), "numbers");
        var (exit, _, error) = CliRunner.Run("demo", "--out", folder, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("MisterP did not write", error);
        Assert.True(File.Exists(Path.Combine(folder, "budget.xlsx")));
    }

    [Fact]
    public void LegacyFitFolderWithoutManifestIsStillRecognised()
    {
        using var temp = new TempFolder();
        var fit = Directory.CreateDirectory(Path.Combine(temp.Path, "fit")).FullName;
        foreach (var name in new[] { "model.json", "summary.csv", "draws.csv", "draws.bin", "output_1.csv" })
        {
            File.WriteAllText(Path.Combine(fit, name), "x");
        }

        Assert.Null(OutputManifest.WhyNotOurs(fit));
        File.WriteAllText(Path.Combine(fit, "output_x.csv"), "x");
        Assert.Contains("output_x.csv", OutputManifest.WhyNotOurs(fit));
    }

    [Fact]
    public void PoststratNeverOverwritesItsFrameOrAForeignFileButReplacesItsOwnOutput()
    {
        using var temp = new TempFolder();
        var fit = LaplaceFit(temp);
        var frame = temp.File("frame.csv", Frame);

        // The repro: --out frame.csv replaced the frame with the estimates.
        var (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", frame, "--weight", "n", "--by", "state", "--out", frame, "-q");
        Assert.Equal(2, exit);
        Assert.Contains("is an input of this command", error);
        Assert.Equal(Frame, File.ReadAllText(frame));

        var est = Path.Combine(temp.Path, "est.csv");
        Assert.Equal(0, CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", est, "-q").Exit);
        var again = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", est, "-q");
        Assert.True(again.Exit == 0, again.Error);

        var notes = temp.File("notes.csv", "a,b\n1,2\n");
        var foreign = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", notes, "-q");
        Assert.Equal(2, foreign.Exit);
        Assert.Contains("not an estimates CSV (mrp poststrat) that MisterP wrote", foreign.Error);
        Assert.Equal("a,b\n1,2\n", File.ReadAllText(notes));
        Assert.Equal(0, CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", notes, "--overwrite", "-q").Exit);
        Assert.StartsWith("by,state,estimate", File.ReadAllText(notes));

        // A file inside the fit folder is an input too, even with --overwrite.
        var inside = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", Path.Combine(fit, "summary.csv"), "--overwrite", "-q");
        Assert.Equal(2, inside.Exit);
        Assert.Contains("inside the input folder", inside.Error);

        var both = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", est, "--draws-out", est, "-q");
        Assert.Equal(2, both.Exit);
        Assert.Contains("both name", both.Error);

        var drawsOut = Path.Combine(temp.Path, "draws.csv");
        Assert.Equal(0, CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", est, "--draws-out", drawsOut, "-q").Exit);
        Assert.Equal(0, CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", est, "--draws-out", drawsOut, "-q").Exit);
        var overEstimates = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", drawsOut, "-q");
        Assert.Equal(2, overEstimates.Exit);
        var parquet = Path.Combine(temp.Path, "draws.parquet");
        Assert.Equal(0, CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", est, "--draws-out", parquet, "-q").Exit);
        var parquetAgain = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", est, "--draws-out", parquet, "-q");
        Assert.True(parquetAgain.Exit == 0, parquetAgain.Error);
    }

    [Fact]
    public void PoststratOutputThatIsAFolderOrInAMissingFolderFailsBeforeWork()
    {
        using var temp = new TempFolder();
        var frame = temp.File("frame.csv", Frame);
        var fit = Path.Combine(temp.Path, "no-fit-needed");
        var folder = CliRunner.Run("poststrat", fit, "--frame", frame, "--out", temp.Path, "-q");
        Assert.Equal(2, folder.Exit);
        Assert.Contains("is a folder; give a file path", folder.Error);
        var missing = CliRunner.Run("poststrat", fit, "--frame", frame, "--out", Path.Combine(temp.Path, "nope", "est.csv"), "-q");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("does not exist", missing.Error);
    }

    [Fact]
    public void CompareReportPlotAndSummaryProtectInputsAndRerunOverTheirOwnOutput()
    {
        using var temp = new TempFolder();
        var fit = LaplaceFit(temp);
        var data = Path.Combine(temp.Path, "survey.csv");
        var frame = temp.File("frame.csv", Frame);
        var est = Path.Combine(temp.Path, "est.csv");
        Assert.Equal(0, CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", est, "-q").Exit);
        var estText = File.ReadAllText(est);

        var compareOverEst = CliRunner.Run("compare", est, "--raw", data, "--outcome", "y", "--by", "state", "--out", est);
        Assert.Equal(2, compareOverEst.Exit);
        Assert.Equal(estText, File.ReadAllText(est));
        var cmp = Path.Combine(temp.Path, "cmp.csv");
        Assert.Equal(0, CliRunner.Run("compare", est, "--raw", data, "--outcome", "y", "--by", "state", "--out", cmp).Exit);
        Assert.Equal(0, CliRunner.Run("compare", est, "--raw", data, "--outcome", "y", "--by", "state", "--out", cmp).Exit);
        Assert.Equal(2, CliRunner.Run("compare", est, "--raw", data, "--outcome", "y", "--by", "state", "--out", frame).Exit);

        Assert.Equal(2, CliRunner.Run("report", fit, "--estimates", est, "--out", est).Exit);
        Assert.Equal(estText, File.ReadAllText(est));
        var html = Path.Combine(temp.Path, "report.html");
        Assert.Equal(0, CliRunner.Run("report", fit, "--estimates", est, "--out", html).Exit);
        Assert.Contains(OutputKind.HtmlMarker, File.ReadAllText(html));
        Assert.Equal(0, CliRunner.Run("report", fit, "--estimates", est, "--out", html).Exit);
        var page = temp.File("page.html", "<html>my page</html>");
        Assert.Equal(2, CliRunner.Run("report", fit, "--out", page).Exit);
        Assert.Equal("<html>my page</html>", File.ReadAllText(page));

        foreach (var name in new[] { "effects.png", "effects.svg" })
        {
            var image = Path.Combine(temp.Path, name);
            var first = CliRunner.Run("plot", fit, "effects", "--out", image);
            Assert.True(first.Exit == 0, first.Error);
            Assert.True(FigureMarker.IsMarked(image));
            Assert.Equal(0, CliRunner.Run("plot", fit, "effects", "--out", image).Exit);
        }

        var photo = temp.File("photo.png", "\x89PNG not ours");
        Assert.Equal(2, CliRunner.Run("plot", fit, "effects", "--out", photo).Exit);
        Assert.Equal("\x89PNG not ours", File.ReadAllText(photo));
        Assert.Equal(0, CliRunner.Run("plot", fit, "effects", "--out", photo, "--overwrite").Exit);

        var summaryOverDraws = CliRunner.Run("summary", Path.Combine(fit, "draws.csv"), "--out", Path.Combine(fit, "draws.csv"));
        Assert.Equal(2, summaryOverDraws.Exit);
        foreach (var name in new[] { "summary.csv", "summary.json" })
        {
            var path = Path.Combine(temp.Path, name);
            Assert.Equal(0, CliRunner.Run("summary", fit, "--out", path, "--format", "csv").Exit);
            Assert.Equal(0, CliRunner.Run("summary", fit, "--out", path, "--format", "csv").Exit);
        }

        Assert.Equal(2, CliRunner.Run("summary", fit, "--out", cmp, "--format", "csv").Exit);
    }

    [Fact]
    public void InterpretationOutputsProtectTheDataAndRerun()
    {
        using var temp = new TempFolder();
        var fit = LaplaceFit(temp);
        var data = Path.Combine(temp.Path, "survey.csv");
        var overData = CliRunner.Run("predictions", fit, "--data", data, "--out", data, "-q");
        Assert.Equal(2, overData.Exit);
        Assert.Equal(Survey, File.ReadAllText(data));
        var csv = Path.Combine(temp.Path, "pred.csv");
        var svg = Path.Combine(temp.Path, "pred.svg");
        var first = CliRunner.Run("predictions", fit, "--conditional", "male", "--out", csv, "--plot", svg, "-q");
        Assert.True(first.Exit == 0, first.Error);
        Assert.Equal(0, CliRunner.Run("predictions", fit, "--conditional", "male", "--out", csv, "--plot", svg, "-q").Exit);
        Assert.Equal(2, CliRunner.Run("slopes", fit, "--wrt", "male", "--out", data, "-q").Exit);
    }

    [Fact]
    public void SimulateNeverOverwritesItsFrameAndRerunsOverItsOwnSample()
    {
        using var temp = new TempFolder();
        var frame = temp.File("frame.csv", Frame);
        var overFrame = CliRunner.Run("simulate", "--frame", frame, "--size", "20", "--out", frame);
        Assert.Equal(2, overFrame.Exit);
        Assert.Equal(Frame, File.ReadAllText(frame));
        var sample = Path.Combine(temp.Path, "sample.csv");
        string[] model = ["--truth-formula", "y ~ male + (1|state)", "--effects", "b_Intercept=-0.5,b_male=0.3,sd_state=0.4", "--by", "state"];
        Assert.Equal(0, CliRunner.Run(["simulate", "--frame", frame, "--size", "20", "--out", sample, .. model]).Exit);
        Assert.True(File.Exists(Path.Combine(temp.Path, "sample_truth.csv")));
        var again = CliRunner.Run(["simulate", "--frame", frame, "--size", "20", "--out", sample, .. model]);
        Assert.True(again.Exit == 0, again.Error);
        var truthOverFrame = CliRunner.Run(["simulate", "--frame", frame, "--size", "20", "--out", sample, "--truth-out", frame, .. model]);
        Assert.Equal(2, truthOverFrame.Exit);
        Assert.Equal(Frame, File.ReadAllText(frame));
    }

    [Fact]
    public void FitIntoAReadOnlyOrMissingFolderFailsBeforeFitting()
    {
        using var temp = new TempFolder();
        var data = temp.File("survey.csv", Survey);
        // A cancelled token stands in for the sampling a late check would waste: the fit stops at once (exit 130)
        // unless the output is checked first (exit 2).
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var missing = CliRunner.Run(cancelled.Token, "fit", data, "--formula", "y ~ male", "--out", Path.Combine(temp.Path, "nope", "fit"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("does not exist", missing.Error);

        string readOnly;
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("POSIX permissions only.");
            return;
        }
        else if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root")
        {
            // Root writes anywhere a permission bit forbids; /proc refuses new files even to root.
            Assert.SkipUnless(Directory.Exists("/proc"), "No read-only folder to try as root.");
            readOnly = "/proc";
        }
        else
        {
            readOnly = Directory.CreateDirectory(Path.Combine(temp.Path, "locked")).FullName;
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        var (exit, _, error) = CliRunner.Run(cancelled.Token, "fit", data, "--formula", "y ~ male", "--out", Path.Combine(readOnly, "fit"));
        Assert.Equal(2, exit);
        Assert.Contains("not writable", error);
        Assert.False(Directory.Exists(Path.Combine(readOnly, "fit")));
        if (readOnly != "/proc")
        {
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>A Laplace fit of <see cref="Survey"/> (written to survey.csv) in the folder "fit".</summary>
    internal static string LaplaceFit(TempFolder temp)
    {
        var data = temp.File("survey.csv", Survey);
        var fit = Path.Combine(temp.Path, "fit");
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ male + (1|state)", "--method", "laplace", "--draws", "100", "--chains", "2", "--out", fit, "-q");
        Assert.True(exit == 0, error);
        return fit;
    }

    private static string BuildSurvey()
    {
        var text = new StringBuilder("y,state,male\n");
        string[] states = ["CA", "TX", "NY"];
        for (var i = 0; i < 40; i++)
        {
            text.Append((i * 7 % 5) < 2 ? 1 : 0).Append(',').Append(states[i % 3]).Append(',').Append(i % 2 == 0 ? "0.5" : "-0.5").Append('\n');
        }

        return text.ToString();
    }
}
