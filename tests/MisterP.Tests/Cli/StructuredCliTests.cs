using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// Structured terms end to end on tiny data: levels fixed from data ∪ frame with month gaps filled, the graph stored in
/// model.json, poststrat marking levels without respondents as extrapolated; and every bad input exits 2 with nothing
/// written.
/// </summary>
public class StructuredCliTests
{
    private const string Adjacency = "state,neighbor\nA,B\nB,A\nB,C\nC,B\nC,D\nD,C\n";

    /// <summary>Bernoulli rows over months 2024-01, -02, -04 (no 2024-03) and areas A–C (D only in the frame).</summary>
    private static string Data()
    {
        var text = new StringBuilder("y,month,state\n");
        var months = new[] { "2024-01", "2024-02", "2024-04" };
        for (var i = 0; i < 60; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(i * 7 % 5 < 2 ? 1 : 0)},{months[i % 3]},{"ABC"[i % 3 == 0 ? 0 : i % 5 < 3 ? 1 : 2]}\n");
        }

        return text.ToString();
    }

    private const string Frame = "month,state,n\n2024-01,A,10\n2024-02,B,10\n2024-03,C,10\n2024-04,D,10\n2024-05,A,10\n";

    private static string[] Fast => ["--chains", "2", "--warmup", "150", "--draws", "100", "--seed", "3"];

    [Fact]
    public void Rw1AndBym2FitStoreTheirGraphAndMarkExtrapolatedGroups()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data());
        var adjacency = temp.File("adj.csv", Adjacency);
        var frame = temp.File("frame.csv", Frame);
        var outDir = Path.Combine(temp.Path, "fit");
        var (exit, output, error) = CliRunner.Run(
            ["fit", data, "--formula", $"y ~ rw1(month) + bym2(state, adjacency = \"{adjacency}\")", "--frame", frame, "--out", outDir, .. Fast]);
        Assert.True(exit == 0, error + output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json")));
        var groups = json.RootElement.GetProperty("recipe").GetProperty("groups").EnumerateArray().ToList();
        var month = groups.Single(g => g.GetProperty("name").GetString() == "month");
        Assert.Equal(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"], month.GetProperty("levels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("rw1", month.GetProperty("structure").GetProperty("type").GetString());
        Assert.Equal(["2024-03", "2024-05"], month.GetProperty("structure").GetProperty("unobserved").EnumerateArray().Select(e => e.GetString()));
        var state = groups.Single(g => g.GetProperty("name").GetString() == "state").GetProperty("structure");
        Assert.Equal(3, state.GetProperty("graph").GetArrayLength());
        Assert.Equal(["D"], state.GetProperty("unobserved").EnumerateArray().Select(e => e.GetString()));

        var described = json.RootElement.GetProperty("group_terms").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "state").GetProperty("structure");
        Assert.Equal("bym2", described.GetProperty("type").GetString());
        Assert.Equal(1, described.GetProperty("components").GetInt32());

        // A 4-node path's scaling factor: the geometric mean of the diagonal of its Laplacian's generalized inverse.
        Assert.Equal(Math.Pow(0.875 * 0.375 * 0.375 * 0.875, 0.25), described.GetProperty("scaling_factors")[0].GetDouble(), 1e-12);

        var summary = File.ReadAllText(Path.Combine(outDir, "summary.csv"));
        Assert.Contains("rho_state", summary);
        Assert.Contains("r_month[2024-03,Intercept]", summary);
        Assert.Contains("r_state[D,Intercept]", summary);

        (exit, output, error) = CliRunner.Run("summary", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("Structured term state: bym2 over 4 levels, 3 edges, 1 component, no islands", output);
        Assert.Contains("Structured term month: rw1 over 5 levels", output);

        var report = Path.Combine(temp.Path, "report.html");
        (exit, output, error) = CliRunner.Run("report", outDir, "--out", report);
        Assert.True(exit == 0, error + output);
        Assert.Contains("Structured term state: bym2 over 4 levels", File.ReadAllText(report));

        var estimates = Path.Combine(temp.Path, "est.csv");
        (exit, output, error) = CliRunner.Run("poststrat", outDir, "--frame", frame, "--by", "month", "--out", estimates);
        Assert.True(exit == 0, error + output);
        Assert.Contains("no respondents", output);
        var lines = File.ReadAllLines(estimates);
        Assert.EndsWith(",extrapolated", lines[0]);
        var flags = lines.Skip(1).ToDictionary(l => l.Split(',')[1], l => l.Split(',')[^1]);
        Assert.Equal("true", flags["2024-03"]);
        Assert.Equal("true", flags["2024-05"]);
        Assert.Equal("false", flags["2024-01"]);
    }

    [Theory]
    [InlineData("y ~ bym2(state, adjacency = \"missing.csv\")", null, "not found")]
    [InlineData("y ~ bym2(state, adjacency = \"ADJ\")", "state\nA\nB\n", "fewer than two columns")]
    [InlineData("y ~ bym2(state, adjacency = \"ADJ\")", "a,b\nA,B\nB,C\nC,B\n", "one direction only, e.g. A→B")]
    [InlineData("y ~ icar(state, adjacency = \"ADJ\")", "a,b\nA,A\n", "its own neighbour")]
    [InlineData("y ~ bym2(state, adjacency = \"ADJ\")", "a,b\nX,Y\nY,X\n", "no area of 'state'")]
    [InlineData("y ~ car(W, gr = state, type = \"bym2\")", null, "--adjacency W=FILE")]
    [InlineData("y ~ rw1(state)", null, "no natural order")]
    [InlineData("y ~ rw2(level2)", null, "at least 3 levels")]
    [InlineData("y ~ rw1(month, by = plan)", null, "plan")]
    [InlineData("y ~ rw2(month, by = state)", null, "rw1 only")]
    public void BadStructuredInputExits2AndWritesNothing(string formula, string? adjacency, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data().Replace("y,month,state", "y,month,state", StringComparison.Ordinal));
        var withLevel2 = temp.File("d2.csv", string.Join("\n", File.ReadAllLines(data).Select((l, i) => i == 0 ? l + ",level2" : l + "," + (i % 2))) + "\n");
        var path = adjacency is null ? "missing.csv" : temp.File("adj.csv", adjacency);
        var outDir = Path.Combine(temp.Path, "out");
        var (exit, _, error) = CliRunner.Run(["fit", formula.Contains("level2") ? withLevel2 : data, "--formula", formula.Replace("ADJ", path, StringComparison.Ordinal), "--out", outDir, .. Fast]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void SymmetrizeAcceptsOneWayEdges()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data());
        var adjacency = temp.File("adj.csv", "from,to\nA,B\nB,C\n");
        var (exit, _, error) = CliRunner.Run(["fit", data, "--formula", $"y ~ icar(state, adjacency = \"{adjacency}\")", "--symmetrize", "--check"]);
        Assert.True(exit == 0, error);
    }

    [Theory]
    [InlineData("rhocar ~ beta(2, 2)", 0, "")]
    [InlineData("rho_state ~ beta(2, 2)", 0, "")]
    [InlineData("sdcar ~ exponential(2)", 0, "")]
    [InlineData("rhocar ~ normal(0.5, 0.1)", 2, "give beta(a, b)")]
    [InlineData("rho_month ~ beta(1, 1)", 2, "no structured term with that correlation")]
    [InlineData("b ~ beta(1, 1)", 2, "applies only to a structured term's correlation")]
    public void CorrelationPriorsAndBrmsAliases(string prior, int expectedExit, string message)
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data());
        var adjacency = temp.File("adj.csv", Adjacency);
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", $"y ~ rw1(month) + car(W, gr = state, type = \"bym2\")", "--adjacency", $"W={adjacency}", "--prior", prior, "--check");
        Assert.True(exit == expectedExit, error);
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("laplace")]
    [InlineData("ml")]
    public void ApproximateMethodsRefuseStructuredTerms(string method)
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data());
        var (exit, _, error) = CliRunner.Run("fit", data, "--formula", "y ~ rw1(month)", "--method", method, "--out", Path.Combine(temp.Path, "out"));
        Assert.Equal(2, exit);
        Assert.Contains("--method nuts", error);
    }
}
