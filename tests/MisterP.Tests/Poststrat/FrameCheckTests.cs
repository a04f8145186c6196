using System.Globalization;
using System.Text;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Poststrat;

/// <summary>
/// <c>mrp frame check</c> and <c>mrp poststrat</c> on frames that spell the sample's levels differently (issue 13):
/// HS / High school, male 0/1 vs ±0.5, upper/lower case, trailing spaces; the unmodified frame passes.
/// </summary>
public class FrameCheckTests
{
    private const string Formula = "y ~ male + (1|state) + (1|educ) + (1|male:educ)";

    private static readonly string[] States = ["CA", "NY", "TX"];

    private static readonly string[] Educations = ["HS", "Post-grad", "Some college"];

    private static string Sample()
    {
        var csv = new StringBuilder("y,state,educ,male\n");
        var i = 0;
        foreach (var state in States)
        {
            foreach (var educ in Educations)
            {
                foreach (var male in new[] { "-0.5", "0.5" })
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{(i++ % 3 == 0 ? 1 : 0)},{state},{educ},{male}\n");
                    csv.Append(CultureInfo.InvariantCulture, $"{i++ % 2},{state},{educ},{male}\n");
                }
            }
        }

        return csv.ToString();
    }

    /// <summary>The population frame, with educ and male written by <paramref name="educ"/> and <paramref name="male"/>.</summary>
    private static string Frame(Func<string, string> educ, Func<string, string> male)
    {
        var csv = new StringBuilder("state,educ,male,n\n");
        var n = 10;
        foreach (var state in States)
        {
            foreach (var e in Educations)
            {
                foreach (var m in new[] { "-0.5", "0.5" })
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{state},\"{educ(e)}\",{male(m)},{n += 7}\n");
                }
            }
        }

        return csv.ToString();
    }

    public static TheoryData<string, string> Mismatches => new()
    {
        // variant, what frame check and poststrat must say (the frame level, then its counterpart).
        { "High school", "frame educ 'High school' — the fit has 'HS', which the frame lacks" },
        { "male01", "frame male '1' — the fit has '0.5', which the frame lacks (numeric coding differs" },
        { "case", "frame educ 'some college' — the fit has 'Some college', which the frame lacks (differs only in upper/lower case)" },
        { "trailing", "frame educ 'Post-grad ' — the fit has 'Post-grad', which the frame lacks (differs only in leading or trailing spaces)" },
    };

    private static string Variant(string variant) => variant switch
    {
        "High school" => Frame(e => e == "HS" ? "High school" : e, m => m),
        "male01" => Frame(e => e, m => m == "0.5" ? "1" : "0"),
        "case" => Frame(e => e == "Some college" ? "some college" : e, m => m),
        "trailing" => Frame(e => e == "Post-grad" ? "Post-grad " : e, m => m),
        _ => Frame(e => e, m => m),
    };

    [Fact]
    public void TheUnmodifiedFramePassesFromASampleAndFromAFit()
    {
        using var temp = new TempFolder();
        var sample = temp.File("s.csv", Sample());
        var frame = temp.File("f.csv", Variant("none"));
        var fromSample = CliRunner.Run("frame", "check", sample, frame, "--formula", Formula);
        Assert.True(fromSample.Exit == 0, fromSample.Output + fromSample.Error);
        Assert.Contains("Verdict: compatible.", fromSample.Output);
        Assert.Contains("Population in cells with no respondents: 0%", fromSample.Output);

        var fit = Fit(temp, sample);
        var fromFit = CliRunner.Run("frame", "check", fit, frame);
        Assert.True(fromFit.Exit == 0, fromFit.Output + fromFit.Error);

        // From a fit folder, the empty-cell share comes from the stored cells (the data need not be at hand).
        File.Delete(sample);
        var fromStoredCells = CliRunner.Run("frame", "check", fit, frame);
        Assert.True(fromStoredCells.Exit == 0, fromStoredCells.Output + fromStoredCells.Error);
        Assert.Contains("Population in cells with no respondents: 0%", fromStoredCells.Output);
        Assert.DoesNotContain("were not", fromStoredCells.Output + fromStoredCells.Error);
        var estimates = Path.Combine(temp.Path, "est.csv");
        var post = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", estimates, "--quiet");
        Assert.True(post.Exit == 0, post.Error);
    }

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void FrameCheckAndPoststratCatchARespelledLevel(string variant, string message)
    {
        using var temp = new TempFolder();
        var sample = temp.File("s.csv", Sample());
        var frame = temp.File("f.csv", Variant(variant));

        var check = CliRunner.Run("frame", "check", sample, frame, "--formula", Formula);
        Assert.Equal(2, check.Exit);
        Assert.Contains(message, check.Output);
        Assert.Contains("Verdict: MISMATCH", check.Error);

        var fit = Fit(temp, sample);
        Assert.Equal(2, CliRunner.Run("frame", "check", fit, frame).Exit);
        var estimates = Path.Combine(temp.Path, "est.csv");
        var refused = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", estimates, "--quiet");
        Assert.Equal(2, refused.Exit);
        Assert.Contains(message, refused.Error);
        Assert.Contains("--allow-new-levels", refused.Error);
        Assert.False(File.Exists(estimates));

        var allowed = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "state", "--out", estimates, "--allow-new-levels");
        Assert.True(allowed.Exit == 0, allowed.Error);
        Assert.Contains("never seen in fitting got effects drawn from their group's fitted distribution", allowed.Output);
        Assert.True(File.Exists(estimates));
    }

    [Fact]
    public void NumericPredictorsOutsideTheSampleRangeAreReportedButAllowed()
    {
        using var temp = new TempFolder();
        var sample = temp.File("s.csv", "y,x,g\n1,0.1,a\n0,0.2,a\n1,0.3,b\n0,0.4,b\n1,0.5,a\n0,0.6,b\n1,0.7,a\n");
        var frame = temp.File("f.csv", "x,g,n\n0.2,a,10\n0.9,b,30\n");
        var check = CliRunner.Run("frame", "check", sample, frame, "--formula", "y ~ x + (1|g)");
        Assert.True(check.Exit == 0, check.Output + check.Error);
        Assert.Contains("Numeric x: frame values 0.2 … 0.9 leave the sample's range 0.1 … 0.7", check.Output);
        Assert.Contains("75% of the population", check.Output);
    }

    private static string Fit(TempFolder temp, string sample)
    {
        var folder = Path.Combine(temp.Path, "fit");
        var fitted = CliRunner.Run("fit", sample, "--formula", Formula, "--method", "laplace", "--draws", "100", "--chains", "1", "--out", folder, "--quiet");
        Assert.True(fitted.Exit == 0, fitted.Error);
        return folder;
    }
}
