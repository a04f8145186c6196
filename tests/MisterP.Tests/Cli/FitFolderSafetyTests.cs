using System.Text.Json.Nodes;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// Issue 12 items 4 and 5: a fit folder carries no executable content (nothing it records is run unless --trust-fit),
/// its draws and cells are checked against the SHA-256 sums in model.json, and missing draws are not mistaken for an ml fit.
/// </summary>
public class FitFolderSafetyTests
{
    private const string Survey =
        "y,state,male\n1,CA,0.5\n0,CA,-0.5\n1,CA,0.5\n0,TX,0.5\n1,TX,-0.5\n0,TX,-0.5\n1,NY,0.5\n1,NY,-0.5\n0,NY,0.5\n1,CA,-0.5\n0,TX,0.5\n1,NY,0.5\n";

    private const string Frame = "state,male,n\nCA,0.5,5\nCA,-0.5,4\nTX,0.5,3\nTX,-0.5,3\nNY,-0.5,3\nNY,0.5,4\n";

    private static string FitFolder(TempFolder temp, string method = "laplace")
    {
        var data = temp.File("s.csv", Survey);
        var folder = Path.Combine(temp.Path, "fit");
        var spec = $"duckdb:?query=SELECT * FROM read_csv('{data}')";
        var run = CliRunner.Run("fit", spec, "--formula", "y ~ male + (1|state)", "--method", method, "--draws", "200", "--seed", "3", "--out", folder, "--quiet");
        Assert.True(run.Exit == 0, run.Error);
        return folder;
    }

    /// <summary>Edits model.json as an attacker would: the recorded data source becomes a query that writes a file.</summary>
    private static string Poison(string folder, string temp, bool asOldFolder = false)
    {
        var pwned = Path.Combine(temp, "PWNED.txt");
        var path = Path.Combine(folder, "model.json");
        var model = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        model["data"]!["spec"] = $"duckdb:?query=SELECT 1 AS y) AS q; COPY (SELECT 'x') TO '{pwned}'; SELECT * FROM (SELECT 1 AS y";
        if (asOldFolder)
        {
            model.Remove("cells");
            model.Remove("checksums");
            File.Delete(Path.Combine(folder, FitFiles.Cells));
        }

        File.WriteAllText(path, model.ToJsonString());
        return pwned;
    }

    [Fact]
    public void APoisonedModelJsonIsNeverRun()
    {
        using var temp = new TempFolder();
        var folder = FitFolder(temp);
        var frame = temp.File("frame.csv", Frame);
        var before = CliRunner.Run("poststrat", folder, "--frame", frame, "--by", "state", "--finite-population", "--out", Path.Combine(temp.Path, "before.csv"), "--quiet");
        Assert.True(before.Exit == 0, before.Error);
        var predictionsBefore = CliRunner.Run("predictions", folder, "--average-by", "state", "--out", Path.Combine(temp.Path, "p0.csv"), "--quiet");
        Assert.True(predictionsBefore.Exit == 0, predictionsBefore.Error);
        var pwned = Poison(folder, temp.Path);
        File.Delete(Path.Combine(temp.Path, "s.csv"));

        // Every command that needs the fit's data reads the cells the folder stores: same numbers, nothing run.
        var finite = CliRunner.Run("poststrat", folder, "--frame", frame, "--by", "state", "--finite-population", "--out", Path.Combine(temp.Path, "after.csv"), "--quiet");
        Assert.True(finite.Exit == 0, finite.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(temp.Path, "before.csv")), File.ReadAllText(Path.Combine(temp.Path, "after.csv")));
        var predictions = CliRunner.Run("predictions", folder, "--average-by", "state", "--out", Path.Combine(temp.Path, "p1.csv"), "--quiet");
        Assert.True(predictions.Exit == 0, predictions.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(temp.Path, "p0.csv")), File.ReadAllText(Path.Combine(temp.Path, "p1.csv")));
        Assert.Equal(0, CliRunner.Run("comparisons", folder, "--contrast", "male=-0.5,0.5", "--quiet").Exit);
        Assert.Equal(0, CliRunner.Run("slopes", folder, "--wrt", "male", "--quiet").Exit);
        var ppc = CliRunner.Run("plot", folder, "ppc", "--out", Path.Combine(temp.Path, "ppc.svg"));
        Assert.True(ppc.Exit == 0, ppc.Error);
        Assert.False(File.Exists(pwned));
    }

    [Fact]
    public void AnOldFolderNeedsDataOrTrustFitAndARecordedQueryIsStillChecked()
    {
        using var temp = new TempFolder();
        var folder = FitFolder(temp);
        var frame = temp.File("frame.csv", Frame);
        var pwned = Poison(folder, temp.Path, asOldFolder: true);

        var refused = CliRunner.Run("predictions", folder, "--quiet");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--trust-fit", refused.Error);
        var ppc = CliRunner.Run("plot", folder, "ppc", "--out", Path.Combine(temp.Path, "ppc.svg"));
        Assert.Equal(2, ppc.Exit);
        Assert.Contains("--data FILE", ppc.Error);
        var finite = CliRunner.Run("poststrat", folder, "--frame", frame, "--finite-population", "--out", Path.Combine(temp.Path, "e.csv"));
        Assert.Equal(2, finite.Exit);
        Assert.Contains("--trust-fit", finite.Error);

        // Asked to trust the folder, the recorded query still has to be one read-only SELECT.
        var trusted = CliRunner.Run("predictions", folder, "--trust-fit", "--quiet");
        Assert.Equal(2, trusted.Exit);
        Assert.Contains("statement", trusted.Error);
        Assert.False(File.Exists(pwned));

        // The data given again are used, and checked against the fit.
        var given = CliRunner.Run("poststrat", folder, "--frame", frame, "--finite-population", "--data", Path.Combine(temp.Path, "s.csv"), "--out", Path.Combine(temp.Path, "e.csv"), "--quiet");
        Assert.True(given.Exit == 0, given.Error);
        var plotted = CliRunner.Run("plot", folder, "ppc", "--data", Path.Combine(temp.Path, "s.csv"), "--out", Path.Combine(temp.Path, "ppc.svg"));
        Assert.True(plotted.Exit == 0, plotted.Error);
        File.WriteAllText(Path.Combine(temp.Path, "other.csv"), Survey + "1,CA,0.5\n");
        var changed = CliRunner.Run("plot", folder, "ppc", "--data", Path.Combine(temp.Path, "other.csv"), "--out", Path.Combine(temp.Path, "ppc.svg"));
        Assert.Equal(2, changed.Exit);
        Assert.Contains("changed since fitting", changed.Error);
    }

    [Fact]
    public void StoredCellsRebuildTheFitsDesignAndRowCells()
    {
        using var temp = new TempFolder();
        var folder = FitFolder(temp);
        var saved = SavedFit.Load(folder);
        var stored = FitData.Load(saved, "test");
        var reread = FitData.Load(saved.WithDataAccess(new FitDataAccess { DataSpec = Path.Combine(temp.Path, "s.csv") }), "test");
        Assert.Equal(reread.Design.FixedEffects.X, stored.Design.FixedEffects.X);
        Assert.Equal(reread.Design.Response.Y, stored.Design.Response.Y);
        Assert.Equal(reread.Design.Response.Trials, stored.Design.Response.Trials);
        Assert.Equal(reread.Design.Response.LogLikelihoodConstant, stored.Design.Response.LogLikelihoodConstant);
        Assert.Equal(reread.Design.GroupTerms[0].LevelIndex, stored.Design.GroupTerms[0].LevelIndex);
        Assert.Equal(reread.Design.RowStatistics.ColumnSds, stored.Design.RowStatistics.ColumnSds);
        Assert.Equal(reread.Design.RowStatistics.ResponseSd, stored.Design.RowStatistics.ResponseSd);

        // Each data row's cell holds that row's state and male value.
        var rowCells = FitData.RowCells(saved);
        var rows = Survey.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(rows.Count, rowCells.Length);
        var states = ((MisterP.Data.TextColumn)stored.CellValues["state"]).Values;
        var males = ((MisterP.Data.NumericColumn)stored.CellValues["male"]).Values;
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.Equal(rows[r][1], states[rowCells[r]]);
            Assert.Equal(double.Parse(rows[r][2], System.Globalization.CultureInfo.InvariantCulture), males[rowCells[r]]);
        }

        Assert.Equal(stored.Design.Response.RowsPerCell, Enumerable.Range(0, stored.Cells).Select(c => (double)rowCells.Count(x => x == c)));
    }

    [Fact]
    public void PredictionsOverStoredCellsEqualThoseOverTheDataReread()
    {
        using var temp = new TempFolder();
        var folder = FitFolder(temp);
        var stored = Path.Combine(temp.Path, "stored.csv");
        var run = CliRunner.Run("predictions", folder, "--average-by", "state", "--average-by", "", "--out", stored, "--quiet");
        Assert.True(run.Exit == 0, run.Error);

        // The same folder as an older mrp wrote it (no stored cells): --trust-fit re-reads the recorded query.
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "model.json")))!.AsObject();
        model.Remove("cells");
        File.WriteAllText(Path.Combine(folder, "model.json"), model.ToJsonString());
        File.Delete(Path.Combine(folder, FitFiles.Cells));
        var reread = Path.Combine(temp.Path, "reread.csv");
        run = CliRunner.Run("predictions", folder, "--average-by", "state", "--average-by", "", "--out", reread, "--quiet", "--trust-fit");
        Assert.True(run.Exit == 0, run.Error);

        var a = File.ReadAllLines(stored);
        var b = File.ReadAllLines(reread);
        Assert.Equal(a.Length, b.Length);
        Assert.Equal(a[0], b[0]);
        for (var i = 1; i < a.Length; i++)
        {
            var x = a[i].Split(',');
            var y = b[i].Split(',');
            Assert.Equal(x.Length, y.Length);
            for (var j = 0; j < x.Length; j++)
            {
                if (double.TryParse(x[j], System.Globalization.CultureInfo.InvariantCulture, out var u) && double.TryParse(y[j], System.Globalization.CultureInfo.InvariantCulture, out var v))
                {
                    // Only the order of floating-point sums differs.
                    Assert.Equal(u, v, 1e-12 * Math.Max(1, Math.Abs(u)));
                }
                else
                {
                    Assert.Equal(x[j], y[j]);
                }
            }
        }
    }

    [Fact]
    public void AColumnTheStoredCellsLackPointsToData()
    {
        using var temp = new TempFolder();
        var folder = FitFolder(temp);
        var run = CliRunner.Run("predictions", folder, "--weights", "w", "--quiet");
        Assert.Equal(2, run.Exit);
        Assert.Contains("\"w\"", run.Error);
        Assert.Contains("--data FILE", run.Error);
    }

    [Fact]
    public void FlippedBytesInDrawsBinAreDetectedAndDrawsCsvIsReadInstead()
    {
        using var temp = new TempFolder();
        var folder = FitFolder(temp);
        var expected = CliRunner.Run("summary", folder, "--format", "csv");
        Assert.True(expected.Exit == 0, expected.Error);
        var bin = Path.Combine(folder, FitFiles.DrawsBin);
        var written = File.GetLastWriteTimeUtc(bin);
        var bytes = File.ReadAllBytes(bin);
        for (var i = 0; i < 400; i++)
        {
            bytes[bytes.Length - 1 - (i * 7 % (bytes.Length / 2))] ^= 0x5A;
        }

        File.WriteAllBytes(bin, bytes);
        File.SetLastWriteTimeUtc(bin, written);

        var fallback = CliRunner.Run("summary", folder, "--format", "csv");
        Assert.True(fallback.Exit == 0, fallback.Error);
        Assert.Contains("draws.bin does not match the checksum", fallback.Error);
        Assert.Equal(expected.Output, fallback.Output);

        // draws.csv damaged too: refuse, naming both.
        var csv = Path.Combine(folder, FitFiles.DrawsCsv);
        var text = File.ReadAllText(csv);
        File.WriteAllText(csv, text.Replace("0.1", "0.9", StringComparison.Ordinal));
        var refused = CliRunner.Run("summary", folder);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("draws.csv does not match", refused.Error);
        Assert.Contains("draws.bin does not match", refused.Error);
    }

    [Fact]
    public void AMissingDrawsCsvIsNotAMaximumLikelihoodFit()
    {
        using var temp = new TempFolder();
        var folder = FitFolder(temp);
        var expected = CliRunner.Run("summary", folder, "--format", "csv");
        File.Delete(Path.Combine(folder, FitFiles.DrawsCsv));
        var fromBinary = CliRunner.Run("summary", folder, "--format", "csv");
        Assert.True(fromBinary.Exit == 0, fromBinary.Error);
        Assert.Contains("draws.csv is missing", fromBinary.Error);
        Assert.Equal(expected.Output, fromBinary.Output);

        File.Delete(Path.Combine(folder, FitFiles.DrawsBin));
        var refused = CliRunner.Run("summary", folder);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("fitted by laplace", refused.Error);
        Assert.DoesNotContain("maximum-likelihood", refused.Error);
    }

    [Fact]
    public void ADamagedCellsFileIsRefused()
    {
        using var temp = new TempFolder();
        var folder = FitFolder(temp);
        var cells = Path.Combine(folder, FitFiles.Cells);
        var bytes = File.ReadAllBytes(cells);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(cells, bytes);
        var run = CliRunner.Run("plot", folder, "ppc", "--out", Path.Combine(temp.Path, "ppc.svg"));
        Assert.Equal(2, run.Exit);
        Assert.Contains("cells.parquet does not match the checksum", run.Error);
    }
}
