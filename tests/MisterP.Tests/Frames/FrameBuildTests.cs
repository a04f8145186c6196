using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Frames;

/// <summary><c>mrp frame build</c>: microdata into cells with weights, recodes and a checked <c>--where</c> (issue 13).</summary>
public class FrameBuildTests
{
    private const string Records = "ST,AGEP,educ,PERWT,male\nAL,17,HS,5,0\nAL,20,HS,10,1\nAL,25,High school,2.5,1\nAK,70,BA,1,0\nAK,,BA,3,0\nAK,44,BA,4,0\n";

    [Fact]
    public void WeightsRecodesAndWhereGiveTheCells()
    {
        using var temp = new TempFolder();
        var records = temp.File("records.csv", Records);
        var recode = temp.File("recode.csv", "variable,from,to\nAGEP,\"[18,30)\",18-29\nAGEP,\"[30,)\",30+\neduc,High school,HS\nmale,0,-0.5\nmale,1,0.5\n");
        var frame = Path.Combine(temp.Path, "frame.csv");
        var run = CliRunner.Run("frame", "build", records, "--cells", "ST,AGEP,educ,male", "--weight", "PERWT", "--recode", recode, "--where", "AGEP >= 18", "--out", frame);
        Assert.True(run.Exit == 0, run.Error);
        Assert.Equal(
            ["ST,AGEP,educ,male,n", "AK,30+,BA,-0.5,5.0", "AL,18-29,HS,0.5,12.5"],
            File.ReadAllLines(frame));

        var counted = CliRunner.Run("frame", "build", records, "--cells", "ST", "--out", frame);
        Assert.True(counted.Exit == 0, counted.Error);
        Assert.Equal(["ST,n", "AK,3.0", "AL,3.0"], File.ReadAllLines(frame));
    }

    [Theory]
    [InlineData("AGEP >= 18) OR (1=1")]
    [InlineData("1=1); DROP TABLE x; --")]
    [InlineData("1=1; COPY (SELECT 1) TO 'x.csv'")]
    public void AWhereThatIsNotOneConditionIsRefused(string where)
    {
        using var temp = new TempFolder();
        var records = temp.File("records.csv", Records);
        var frame = Path.Combine(temp.Path, "frame.csv");
        var run = CliRunner.Run("frame", "build", records, "--cells", "ST", "--where", where, "--out", frame);
        Assert.Equal(2, run.Exit);
        Assert.Contains("is not a single SQL condition", run.Error);
        Assert.False(File.Exists(frame));
    }

    [Fact]
    public void AJoinedFileAddsACellColumn()
    {
        using var temp = new TempFolder();
        var records = temp.File("records.csv", Records);
        var regions = temp.File("regions.csv", "ST,region\nAL,South\nAK,West\nAZ,West\n");
        var frame = Path.Combine(temp.Path, "frame.csv");
        var run = CliRunner.Run("frame", "build", records, "--join", regions, "--on", "ST", "--cells", "region,male", "--weight", "PERWT", "--where", "AGEP >= 18", "--out", frame);
        Assert.True(run.Exit == 0, run.Error);

        // By hand, adults only (AZ has no records, so no cell): AK (West) male 0: 1 + 4 = 5; AL (South) male 1: 10 + 2.5 = 12.5.
        Assert.Equal(["region,male,n", "South,1,12.5", "West,0,5.0"], File.ReadAllLines(frame));
    }

    [Theory]
    [InlineData("ST,region\nAL,South\nAL,East\nAK,West\n", "ST", "has several rows for ST = 'AL'")]
    [InlineData("ST,region\nAL,South\n", "ST", "has no row for ST = 'AK' found in the data")]
    [InlineData("state,region\nAL,South\nAK,West\n", "ST", "has no column 'ST' (it has state, region)")]
    [InlineData("ST,region\nAL,South\nAK,West\n", "STATE", "--on STATE: the data has no column 'STATE'")]
    public void ABadJoinIsRefusedAndNothingIsWritten(string joinCsv, string key, string message)
    {
        using var temp = new TempFolder();
        var records = temp.File("records.csv", Records);
        var regions = temp.File("regions.csv", joinCsv);
        var frame = Path.Combine(temp.Path, "frame.csv");
        var run = CliRunner.Run("frame", "build", records, "--join", regions, "--on", key, "--cells", "region", "--out", frame);
        Assert.Equal(2, run.Exit);
        Assert.Contains(message, run.Error);
        Assert.False(File.Exists(frame));
        Assert.Equal(2, Directory.GetFiles(temp.Path).Length); // no frame, no leftover temporary file
    }
}
