using System.Globalization;
using System.Text;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// <c>mrp poststrat --finite-population</c> for the categorical, multinomial and cumulative families: respondents keep
/// their own answers, only the rest of each frame cell is predicted. A frame that is the sample itself gives the sample's
/// shares (and mean, top-k) with no spread; a larger frame an interval narrower than the infinite-population one.
/// </summary>
public class CategoryFinitePopulationCliTests
{
    private static readonly string[] Short = ["--chains", "2", "--warmup", "150", "--draws", "150", "--quiet"];

    /// <summary>400 rows (y, x, g): y one of <paramref name="labels"/>, its distribution moving with x and g.</summary>
    private static List<(string Y, int X, string G)> Sample(string[] labels)
    {
        var random = new Random(23);
        var rows = new List<(string, int, string)>();
        for (var i = 0; i < 400; i++)
        {
            var g = i % 4;
            var x = random.Next(3);
            var eta = 0.7 * x + 0.3 * g - 1.2;
            var u = random.NextDouble();
            // Category k with probability rising in η for the later categories (any generating model will do here).
            var k = Math.Min(labels.Length - 1, (int)(labels.Length * Math.Pow(u, Math.Exp(-eta))));
            rows.Add((labels[k], x, "g" + g));
        }

        return rows;
    }

    private static string Csv(List<(string Y, int X, string G)> rows) =>
        "y,x,g\n" + string.Concat(rows.Select(r => $"{r.Y},{r.X},{r.G}\n"));

    /// <summary>The same respondents as one row of category counts per (x, g).</summary>
    private static string Counts(List<(string Y, int X, string G)> rows, string[] labels) =>
        "x,g," + string.Join(",", labels) + "\n" + string.Concat(rows.GroupBy(r => (r.X, r.G)).OrderBy(c => c.Key)
            .Select(c => $"{c.Key.X},{c.Key.G}," + string.Join(",", labels.Select(l => c.Count(r => r.Y == l))) + "\n"));

    /// <summary>The sample's own cells as a frame (N = respondents), or a population of 100·(1 + x) per cell.</summary>
    private static string Frame(List<(string Y, int X, string G)> rows, bool sampleItself)
    {
        var csv = new StringBuilder("x,g,n\n");
        foreach (var cell in rows.GroupBy(r => (r.X, r.G)).OrderBy(c => c.Key))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{cell.Key.X},{cell.Key.G},{(sampleItself ? cell.Count() : 100 * (1 + cell.Key.X))}\n");
        }

        return csv.ToString();
    }

    private static Dictionary<(string Group, string Quantity, string Category), (double Estimate, double Sd)> Poststrat(string fit, string frame, string temp, params string[] extra)
    {
        var path = Path.Combine(temp, Guid.NewGuid().ToString("N") + ".csv");
        var (exit, _, error) = CliRunner.Run(["poststrat", fit, "--frame", frame, "--by", "g", "--by", "", "--out", path, "--quiet", .. extra]);
        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(path);
        Assert.StartsWith("by,g,quantity,category,estimate,sd", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            p => (p[1], p[2], p[3]),
            p => (double.Parse(p[4], CultureInfo.InvariantCulture), double.Parse(p[5], CultureInfo.InvariantCulture)));
    }

    /// <summary>The sample's own share of each category per group ("" = all), and its mean score and top-2 share.</summary>
    private static IEnumerable<((string Group, string Quantity, string Category) Key, double Value)> SampleValues(List<(string Y, int X, string G)> rows, string[] labels, bool ordered)
    {
        foreach (var group in rows.GroupBy(r => r.G).Append(rows.GroupBy(_ => string.Empty).Single()))
        {
            var n = (double)group.Count();
            foreach (var label in labels)
            {
                yield return ((group.Key, "share", label), group.Count(r => r.Y == label) / n);
            }

            if (ordered)
            {
                yield return ((group.Key, "mean", string.Empty), group.Average(r => double.Parse(r.Y, CultureInfo.InvariantCulture)));
                yield return ((group.Key, "top_2", string.Empty), group.Count(r => Array.IndexOf(labels, r.Y) >= labels.Length - 2) / n);
            }
        }
    }

    [Theory]
    [InlineData("categorical")]
    [InlineData("multinomial")]
    [InlineData("cumulative")]
    public void AFrameThatIsTheSampleGivesTheSamplesValuesWithNoSpread(string family)
    {
        using var temp = new TempFolder();
        var ordered = family == "cumulative";
        string[] labels = ordered ? ["1", "2", "3", "4"] : ["A", "B", "C_x"];
        var rows = Sample(labels);
        var fit = Path.Combine(temp.Path, "fit");
        string[] args = family == "multinomial"
            ? ["fit", temp.File("c.csv", Counts(rows, labels)), "--formula", "cbind(A, B, C_x) ~ x + (1|g)"]
            : ["fit", temp.File("d.csv", Csv(rows)), "--family", family, "--formula", "y ~ x + (1|g)"];
        var (exit, _, error) = CliRunner.Run([.. args, "--out", fit, .. Short]);
        Assert.True(exit == 0, error);

        var frame = temp.File("frame.csv", Frame(rows, sampleItself: true));
        foreach (var kind in new[] { "epred", "pps" })
        {
            var estimates = Poststrat(fit, frame, temp.Path, ordered ? ["--finite-population", "--kind", kind, "--top", "2"] : ["--finite-population", "--kind", kind]);
            var expected = SampleValues(rows, labels, ordered).ToList();
            Assert.Equal(expected.Count, estimates.Count);
            foreach (var (key, value) in expected)
            {
                var (estimate, sd) = estimates[key];
                Assert.Equal(value, estimate, 12);
                Assert.True(sd < 1e-12, $"{kind} {key}: sd {sd}");
            }
        }
    }

    [Theory]
    [InlineData("categorical")]
    [InlineData("cumulative")]
    public void ALargerFrameGivesNarrowerIntervalsThanAnInfinitePopulation(string family)
    {
        using var temp = new TempFolder();
        var ordered = family == "cumulative";
        string[] labels = ordered ? ["1", "2", "3", "4"] : ["A", "B", "C_x"];
        var rows = Sample(labels);
        var fit = Path.Combine(temp.Path, "fit");
        var (exit, _, error) = CliRunner.Run(["fit", temp.File("d.csv", Csv(rows)), "--family", family, "--formula", "y ~ x + (1|g)", "--out", fit, .. Short]);
        Assert.True(exit == 0, error);

        // About 33 respondents in frame cells of 100–300 people: a sampling fraction of 11–33%.
        var frame = temp.File("frame.csv", Frame(rows, sampleItself: false));
        foreach (var kind in new[] { "epred", "pps" })
        {
            var infinite = Poststrat(fit, frame, temp.Path, "--kind", kind, "--seed", "3");
            var finite = Poststrat(fit, frame, temp.Path, "--kind", kind, "--seed", "3", "--finite-population");
            Assert.Equal(infinite.Keys.Order(), finite.Keys.Order());
            foreach (var (key, (_, sd)) in infinite)
            {
                Assert.True(finite[key].Sd < sd, $"{kind} {key}: finite sd {finite[key].Sd} vs infinite {sd}");
            }

            // Still a distribution per group and draw: the shares' means sum to 1.
            foreach (var group in finite.Where(e => e.Key.Quantity == "share").GroupBy(e => e.Key.Group))
            {
                Assert.Equal(1, group.Sum(e => e.Value.Estimate), 9);
            }
        }
    }

    [Fact]
    public void AFrameWithoutARespondentsCellExits2()
    {
        using var temp = new TempFolder();
        string[] labels = ["A", "B", "C_x"];
        var rows = Sample(labels);
        var fit = Path.Combine(temp.Path, "fit");
        Assert.Equal(0, CliRunner.Run(["fit", temp.File("d.csv", Csv(rows)), "--family", "categorical", "--formula", "y ~ x + (1|g)", "--out", fit, "--chains", "1", "--warmup", "50", "--draws", "50", "--quiet"]).Exit);
        var lines = Frame(rows, sampleItself: false).Split('\n');
        var frame = temp.File("frame.csv", string.Join('\n', lines.Where((_, i) => i != 1)));
        var estimates = Path.Combine(temp.Path, "e.csv");
        var (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", frame, "--finite-population", "--out", estimates);
        Assert.Equal(2, exit);
        Assert.Contains("every respondent's cell must be in the frame", error);
        Assert.False(File.Exists(estimates));
    }
}
