using System.Globalization;
using MisterP.Data;
using MisterP.Frames;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Frames;

/// <summary><c>mrp frame rake</c>: IPF equal to R's survey::rake, margins reproduced, and specific errors (issue 13).</summary>
public class FrameRakeTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "frames", name);

    [Fact]
    public void EqualsSurveyRakeOnTheCcesJointIncludingATwoWayMargin()
    {
        // bench/frame_rake_vs_survey.sh: the national CCES joint raked to AK, CA, TX (one-way) and VT (eth:age two-way).
        using var joint = TableSources.Open(Fixture("joint.csv"));
        using var margins = TableSources.Open(Fixture("margins.csv"));
        var raked = FrameRaker.Rake(joint, margins, new RakeOptions { By = "state" });
        Assert.Equal(4, raked.Areas.Count);
        Assert.All(raked.Areas, a => Assert.True(a.MaxRelativeError <= 1e-10, $"{a.Area}: {a.MaxRelativeError}"));

        var ours = Cells(raked.Frame);
        var survey = File.ReadLines(Fixture("survey_rake.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => string.Join("|", f[..5]), f => double.Parse(f[5], CultureInfo.InvariantCulture));
        Assert.Equal(960, survey.Count);
        Assert.Equal(survey.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        var worst = survey.Max(kv => Math.Abs(ours[kv.Key] / kv.Value - 1));
        Assert.True(worst <= 1e-8, $"largest relative difference from survey::rake {worst:G3}");

        // Every margin of the fixture is met (VT's two-way eth:age included).
        foreach (var line in File.ReadLines(Fixture("margins.csv")).Skip(1))
        {
            var f = line.Split(',').Select(x => x.Trim('"')).ToArray();
            var variables = f[1].Split(':');
            var levels = f[2].Split(':');
            var sum = ours.Where(kv => kv.Key.StartsWith(f[0] + "|", StringComparison.Ordinal) &&
                                       variables.Select((v, i) => Value(kv.Key, v) == levels[i]).All(x => x)).Sum(kv => kv.Value);
            var total = double.Parse(f[3], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(sum / total - 1) <= 1e-10, $"{line}: {sum}");
        }
    }

    [Fact]
    public void RebuildsEveryStateOfTheCcesFrameFromItsOneWayMargins()
    {
        var frame = SharedData.RequireFile("data/cces2018/poststrat_df.csv");
        var p = $"read_csv('{frame}')";
        var margins = "duckdb:?query=" + string.Join(" UNION ALL ", new[] { "eth", "male", "age", "educ" }
            .Select(v => $"SELECT state, '{v}' AS variable, CAST({v} AS VARCHAR) AS level, SUM(n) AS total FROM {p} GROUP BY ALL"));
        using var joint = TableSources.Open($"duckdb:?query=SELECT eth, male, age, educ, SUM(n) AS n FROM {p} GROUP BY ALL");
        using var known = TableSources.Open(margins);
        var raked = FrameRaker.Rake(joint, known, new RakeOptions { By = "state" });
        Assert.Equal(12_000, raked.Frame.RowCount);
        Assert.Equal(50, raked.Areas.Count);
        Assert.All(raked.Areas, a => Assert.True(a.MaxRelativeError <= 1e-10, $"{a.Area}: {a.MaxRelativeError}"));
    }

    [Theory]
    [InlineData("state,variable,level,total\nA,g,x,10\nA,g,y,20\nA,h,p,15\nA,h,q,16\n", "different totals (g 30, h 31)")]
    [InlineData("state,variable,level,total\nA,g,x,10\nA,g,z,20\n", "margin g has level 'z', which the joint does not have")]
    [InlineData("state,variable,level,total\nA,g,x,10\n", "gives no total for level 'y', which the joint has")]
    [InlineData("state,variable,level,total\nA,g:h,x:q,10\nA,g:h,x:p,5\nA,g:h,y:p,5\nA,g:h,y:q,5\n", "needs 10 people at level 'x:q', but every joint cell at that level is 0")]
    [InlineData("state,variable,level,total\nA,k,x,10\n", "margin variable 'k' (area 'A') is not a column of the joint")]
    public void BadMarginsAreRefusedWithTheReason(string margins, string message)
    {
        using var temp = new TempFolder();
        var joint = temp.File("joint.csv", "g,h,n\nx,p,4\nx,q,0\ny,p,3\ny,q,2\n");
        var marginsFile = temp.File("margins.csv", margins);
        var output = Path.Combine(temp.Path, "frame.csv");
        var run = CliRunner.Run("frame", "rake", "--joint", joint, "--margins", marginsFile, "--by", "state", "--out", output);
        Assert.Equal(2, run.Exit);
        Assert.Contains(message, run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void PerAreaSeedsAndTheCommandLineReport()
    {
        using var temp = new TempFolder();
        // The joint has the area column: each area is raked from its own seed rows.
        var joint = temp.File("joint.csv", "state,g,h,n\nA,x,p,1\nA,x,q,1\nA,y,p,1\nA,y,q,1\nB,x,p,9\nB,x,q,1\nB,y,p,1\nB,y,q,9\n");
        var margins = temp.File("margins.csv", "state,variable,level,total\nA,g,x,30\nA,g,y,70\nA,h,p,50\nA,h,q,50\nB,g,x,50\nB,g,y,50\nB,h,p,50\nB,h,q,50\n");
        var output = Path.Combine(temp.Path, "frame.csv");
        var run = CliRunner.Run("frame", "rake", "--joint", joint, "--margins", margins, "--by", "state", "--out", output);
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("Wrote 8 cells (2 areas)", run.Output);
        var cells = File.ReadLines(output).Skip(1).Select(l => l.Split(',')).ToDictionary(f => string.Join("|", f[..3]).Replace("\"", string.Empty, StringComparison.Ordinal), f => double.Parse(f[3], CultureInfo.InvariantCulture));
        // A's uniform seed gives the independence table; B's already meets its margins and stays as it was (×5).
        Assert.Equal(15, cells["A|x|p"], 9);
        Assert.Equal(35, cells["A|y|q"], 9);
        Assert.Equal(45, cells["B|x|p"], 9);
        Assert.Equal(5, cells["B|x|q"], 9);
    }

    private static Dictionary<string, double> Cells(DataTable frame)
    {
        string[] keys = ["state", "eth", "male", "age", "educ"];
        var texts = keys.Select(k => MisterP.Poststrat.FitVariables.LevelTexts(frame[k])).ToList();
        var n = ((NumericColumn)frame["n"]).Values;
        return Enumerable.Range(0, frame.RowCount).ToDictionary(i => string.Join("|", texts.Select(t => t[i])), i => n[i]);
    }

    private static string Value(string key, string variable) =>
        key.Split('|')[Array.IndexOf(new[] { "state", "eth", "male", "age", "educ" }, variable)];
}
