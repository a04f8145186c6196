using System.Globalization;
using MisterP.Data;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Poststrat;

/// <summary><c>--recode FILE</c> (issue 13): values and intervals mapped in DuckDB, kept in model.json for the frame.</summary>
public class RecodeTests
{
    [Fact]
    public void ValuesAndIntervalsAreRecodedWithParametersNotSql()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", "age,educ,male\n17,HS,0\n18,High school,1\n29.5,x'); DROP TABLE t; --,1\n30,Post-grad,0\n70,HS,1\n");
        var rules = temp.File("r.csv", "variable,from,to\nage,\"[18,30)\",18-29\nage,\"[30,)\",30+\neduc,High school,HS\neduc,\"x'); DROP TABLE t; --\",other\nmale,0,-0.5\nmale,1,0.5\n");
        using var source = TableSources.Open(data, [], RecodeRules.Read(rules));
        var table = source.Load(["age", "educ", "male"], []).Table;
        Assert.Equal(["17", "18-29", "18-29", "30+", "30+"], ((TextColumn)table["age"]).Values);
        Assert.Equal(["HS", "HS", "other", "Post-grad", "HS"], ((TextColumn)table["educ"]).Values);
        Assert.Equal([-0.5, 0.5, 0.5, -0.5, 0.5], ((NumericColumn)table["male"]).Values);
    }

    [Fact]
    public void TheFitsRecodesAreAppliedToTheFrameByPoststratAndFrameCheck()
    {
        using var temp = new TempFolder();
        // The sample has raw ages; the model uses bands; the frame also has raw ages and spells HS out.
        var rows = Enumerable.Range(0, 24).Select(i => $"{i % 3 % 2},{20 + 7 * (i % 6)},{(i % 2 == 0 ? "HS" : "BA")}");
        var sample = temp.File("s.csv", "y,age,educ\n" + string.Join("\n", rows) + "\n");
        var frame = temp.File("f.csv", "age,educ,n\n25,High school,10\n33,BA,20\n49,High school,5\n52,BA,7\n");
        var rules = temp.File("r.csv", "variable,from,to\nage,\"[18,35)\",18-34\nage,\"[35,)\",35+\n");
        var educ = temp.File("e.csv", "variable,from,to\neduc,High school,HS\n");
        var fit = Path.Combine(temp.Path, "fit");
        var fitted = CliRunner.Run("fit", sample, "--formula", "y ~ (1|age) + (1|educ)", "--recode", rules, "--method", "laplace", "--draws", "100", "--chains", "1", "--out", fit, "--quiet");
        Assert.True(fitted.Exit == 0, fitted.Error);
        Assert.Contains("\"recode\"", File.ReadAllText(Path.Combine(fit, "model.json")));

        var estimates = Path.Combine(temp.Path, "est.csv");
        var refused = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "age", "--out", estimates, "--quiet");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("frame educ 'High school' — the fit has 'HS', which the frame lacks", refused.Error);
        Assert.DoesNotContain("frame age", refused.Error);

        var check = CliRunner.Run("frame", "check", fit, frame, "--recode", educ);
        Assert.True(check.Exit == 0, check.Output + check.Error);
        var run = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "age", "--recode", educ, "--out", estimates, "--quiet");
        Assert.True(run.Exit == 0, run.Error);
        var lines = File.ReadAllLines(estimates);
        Assert.Equal(30, double.Parse(lines.Single(l => l.StartsWith("age,18-34,", StringComparison.Ordinal)).Split(',')[6], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void BadRecodesSayWhatToFix()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", "age,educ\n20,HS\n");
        string Error(string rules) => Assert.Throws<UserInputException>(() => TableSources.Open(data, [], RecodeRules.Read(temp.File("r.csv", rules)))).Message;
        Assert.Contains("needs the columns variable,from,to", Error("var,from,to\nage,1,2\n"));
        Assert.Contains("an interval needs a numeric column", Error("variable,from,to\neduc,\"[1,2)\",x\n"));
        Assert.Contains("which d.csv does not have", Error("variable,from,to\nagee,1,2\n").Replace(data, "d.csv", StringComparison.Ordinal));
        Assert.Contains("not an interval of numbers", Error("variable,from,to\nage,\"[a,2)\",x\n"));
    }
}
