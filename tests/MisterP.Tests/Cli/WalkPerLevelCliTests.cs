using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// <c>rw1(month, by = plan) + (1 | plan:month)</c> end to end on a small simulated tracker (three plans, six monthly
/// waves, a seventh month in the frame only): one walk per plan under its own name (rw1_plan:month) beside the iid
/// interaction, levels named as <c>(1 | plan:month)</c> names them, one shared sd, each walk summing to zero, and
/// poststrat by plan × month forecasting the month without respondents.
/// </summary>
public class WalkPerLevelCliTests
{
    private static readonly string[] Plans = ["Free", "Pro", "Team"];

    private static string Month(int t) => $"2024-{t:00}";

    /// <summary>40 answers per plan and month; Free dips after month 3, Pro climbs, Team stays flat.</summary>
    private static string Tracker()
    {
        var random = new Random(11);
        var text = new StringBuilder("y,plan,month\n");
        for (var p = 0; p < Plans.Length; p++)
        {
            for (var t = 1; t <= 6; t++)
            {
                var eta = p switch { 0 => t > 3 ? -0.8 : 0.2, 1 => -0.5 + 0.25 * t, _ => 0.4 };
                for (var i = 0; i < 40; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{(random.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0)},{Plans[p]},{Month(t)}\n");
                }
            }
        }

        return text.ToString();
    }

    private static string Frame() =>
        "plan,month,n\n" + string.Concat(Plans.SelectMany(p => Enumerable.Range(1, 7).Select(t => $"{p},{Month(t)},100\n")));

    /// <summary>Posterior means from summary.csv by parameter name (names with commas are quoted).</summary>
    private static Dictionary<string, double> Means(string summaryPath)
    {
        var lines = File.ReadAllLines(summaryPath);
        var meanColumn = Array.IndexOf(lines[0].Split(','), "mean");
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var end = line.StartsWith('"') ? line.IndexOf("\",", 1, StringComparison.Ordinal) + 1 : line.IndexOf(',', StringComparison.Ordinal);
            var rest = line[(end + 1)..].Split(',');
            means[line[..end].Trim('"')] = double.Parse(rest[meanColumn - 1], CultureInfo.InvariantCulture);
        }

        return means;
    }

    [Fact]
    public void OneWalkPerPlanFitsAndForecastsTheMonthWithoutRespondents()
    {
        using var temp = new TempFolder();
        var data = temp.File("tracker.csv", Tracker());
        var frame = temp.File("frame.csv", Frame());
        var outDir = Path.Combine(temp.Path, "fit");
        var (exit, output, error) = CliRunner.Run(
            "fit", data, "--formula", "y ~ plan + rw1(month, by = plan) + (1|plan:month)", "--frame", frame, "--out", outDir, "--chains", "2", "--warmup", "200", "--draws", "150", "--seed", "5");
        Assert.True(exit == 0, error + output);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model.json")));
        var term = json.RootElement.GetProperty("recipe").GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "rw1_plan:month");
        var levels = term.GetProperty("levels").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(Plans.SelectMany(p => Enumerable.Range(1, 7).Select(t => $"{p}_{Month(t)}")), levels);
        var structure = term.GetProperty("structure");
        Assert.Equal("plan", structure.GetProperty("by").GetString());
        Assert.Equal(3, structure.GetProperty("components").GetInt32());
        Assert.Equal(3 * 6, structure.GetProperty("edges").GetInt32());
        Assert.Equal(Plans.Select(p => $"{p}_2024-07"), structure.GetProperty("unobserved").EnumerateArray().Select(e => e.GetString()));

        // One sd for all walks; each plan's effects sum to zero in every draw, hence in the posterior mean.
        var means = Means(Path.Combine(outDir, "summary.csv"));
        // The iid interaction keeps its own names beside the walk's.
        Assert.Contains("sd_rw1_plan:month__Intercept", means.Keys);
        Assert.Contains("sd_plan:month__Intercept", means.Keys);
        Assert.Contains("r_plan:month[Pro_2024-06,Intercept]", means.Keys);
        Assert.Single(means.Keys, k => k.StartsWith("sd_rw1_plan:month", StringComparison.Ordinal));
        foreach (var plan in Plans)
        {
            var walk = Enumerable.Range(1, 7).Select(t => means[$"r_rw1_plan:month[{plan}_{Month(t)},Intercept]"]).ToList();
            Assert.Equal(0, walk.Sum(), 1e-6);
        }

        // The data's shapes come through: Pro climbs from its first to its sixth month, Free drops after month 3.
        Assert.True(means["r_rw1_plan:month[Pro_2024-06,Intercept]"] > means["r_rw1_plan:month[Pro_2024-01,Intercept]"]);
        Assert.True(means["r_rw1_plan:month[Free_2024-05,Intercept]"] < means["r_rw1_plan:month[Free_2024-02,Intercept]"]);

        (exit, output, error) = CliRunner.Run("summary", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("rw1_plan:month: rw1 over 21 levels (one walk per plan, 3 walks sharing one sd), scaling factor ", output);
        Assert.Contains(" per walk; 3 level(s) without respondents.", output);

        var estimates = Path.Combine(temp.Path, "est.csv");
        (exit, output, error) = CliRunner.Run("poststrat", outDir, "--frame", frame, "--by", "plan,month", "--out", estimates);
        Assert.True(exit == 0, error + output);
        var lines = File.ReadAllLines(estimates);
        // The first column, by, is the quoted "plan,month"; the rest are plain.
        Assert.StartsWith("by,", lines[0]);
        var header = lines[0].Split(',')[1..];
        var rows = lines.Skip(1).Select(l => l[(l.IndexOf("\",", StringComparison.Ordinal) + 2)..].Split(',')).ToDictionary(r => (r[Array.IndexOf(header, "plan")], r[Array.IndexOf(header, "month")]));
        double Width(string[] r) => double.Parse(r[Array.IndexOf(header, "upper")], CultureInfo.InvariantCulture) - double.Parse(r[Array.IndexOf(header, "lower")], CultureInfo.InvariantCulture);
        foreach (var plan in Plans)
        {
            Assert.Equal("true", rows[(plan, "2024-07")][^1]);
            Assert.Equal("false", rows[(plan, "2024-06")][^1]);

            // The forecast month is known only through the walk: a wider interval than the last observed month's.
            Assert.True(Width(rows[(plan, "2024-07")]) > Width(rows[(plan, "2024-06")]), plan);
        }
    }
}
