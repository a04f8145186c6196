using System.Text;
using MisterP.Data;
using MisterP.Output;
using MisterP.Posterior;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Output;

/// <summary>
/// Issue 12 item 9: what MisterP writes (TableCsv's quoting) its one reader (CsvReader) reads back, whatever a level
/// name holds: commas, quotes, line breaks, non-ASCII.
/// </summary>
public class CsvRoundTripTests
{
    private static readonly string[] Awkward = ["New\nYork", "São, \"Paulo\"", "  spaced  ", "Zürich\r\nwest", "plain", "\"", ""];

    [Fact]
    public void DrawsCsvReadsBackNamesWithCommasQuotesAndLineBreaks()
    {
        using var temp = new TempFolder();
        var names = Awkward.Select(l => $"r_state[{l},Intercept]").Prepend("b_Intercept").ToList();
        var random = new Random(5);
        double[] Chain(int k) => Enumerable.Range(0, 20 * k).Select(_ => random.NextDouble() - 0.5).ToArray();
        var draws = new PosteriorDraws(names, [Chain(names.Count), Chain(names.Count)], SamplerStatistics.Names, [Chain(7), Chain(7)], 20);
        var path = Path.Combine(temp.Path, "draws.csv");
        DrawsCsv.Write(path, draws);
        var back = DrawsCsv.Read(path);
        Assert.Equal(names.Select(n => n.Replace("\r\n", "\n", StringComparison.Ordinal)), back.ParameterNames);
        Assert.Equal(draws.ChainParameters(1).ToArray(), back.ChainParameters(1).ToArray());
        Assert.Equal(draws.ChainStatistics(0).ToArray(), back.ChainStatistics(0).ToArray());
    }

    [Fact]
    public void TablesReadBackFieldForFieldWithTheirLineNumbers()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "t.csv");
        TableCsv.Write(path, new DataTable([new TextColumn("level, \"name\"", Awkward), new NumericColumn("value", [.. Enumerable.Range(0, Awkward.Length).Select(i => i + 0.5)])]));
        var table = CsvTable.Read(path, "table");
        Assert.Equal(["level, \"name\"", "value"], table.Header);
        Assert.Equal(Awkward.Select(l => l.Replace("\r\n", "\n", StringComparison.Ordinal)), table.Rows.Select(r => r.Fields[0]));
        Assert.Equal(Enumerable.Range(0, Awkward.Length).Select(i => i + 0.5), table.Rows.Select(r => table.Number(r, "value")));
        // Lines as an editor shows them: "New\nYork" starts on line 2 and ends on 3, so São starts on line 4.
        Assert.Equal([2, 4, 5, 6, 8, 9, 10], table.Rows.Select(r => r.Line));
    }

    [Fact]
    public void AnUnclosedQuoteIsAUserErrorNamingTheLine()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.csv", "by,estimate\n\"open,1\nnext,2\n");
        var e = Assert.Throws<UserInputException>(() => CsvTable.Read(path, "estimates file"));
        Assert.Contains("line 2: a quoted field is not closed", e.Message);
    }

    [Fact]
    public void AFitWithALineBreakInALevelNameReadsItsDrawsCsvBack()
    {
        using var temp = new TempFolder();
        var rows = new StringBuilder("y,state\n");
        var states = new[] { "\"New\nYork\"", "\"São, \"\"Paulo\"\"\"", "Zürich", "plain" };
        for (var i = 0; i < 120; i++)
        {
            rows.Append(i * 7 % 5 < 2 + i % 4 / 2 ? 1 : 0).Append(',').Append(states[i % 4]).Append('\n');
        }

        var data = temp.File("rows.csv", rows.ToString());
        var fit = Path.Combine(temp.Path, "fit");
        var fitted = CliRunner.Run("fit", data, "--formula", "y ~ (1|state)", "--method", "laplace", "--draws", "200", "--out", fit, "--quiet");
        Assert.True(fitted.Exit == 0, fitted.Error);
        // draws.bin is the fast copy; without it the fit is read from draws.csv.
        File.Delete(Path.Combine(fit, "draws.bin"));
        var summary = CliRunner.Run("summary", fit, "--format", "csv");
        Assert.True(summary.Exit == 0, summary.Error);
        Assert.Contains("\"r_state[New\nYork,Intercept]\"", summary.Output);
        Assert.Contains("\"r_state[São, \"\"Paulo\"\",Intercept]\"", summary.Output);
        Assert.Contains("r_state[Zürich,Intercept]", summary.Output);
    }
}
