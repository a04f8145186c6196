using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>The cumulative family end to end through the CLI: fit (integer and text outcomes), model.json, poststrat quantities, bad input.</summary>
public class OrdinalCliTests
{
    private static readonly string[] Words = ["low", "mid", "high", "top"];

    /// <summary>400 rows from a cumulative logit with thresholds (−1, 0, 1), η = 0.8·x + a_g over four groups.</summary>
    private static string Data(bool text, int categories = 4)
    {
        var random = new Random(7);
        var effects = new[] { -0.6, -0.2, 0.2, 0.6 };
        var thresholds = Enumerable.Range(1, categories - 1).Select(k => -1.0 + 2.0 * (k - 1) / Math.Max(1, categories - 2)).ToArray();
        var csv = new StringBuilder("rating,x,g\n");
        for (var i = 0; i < 400; i++)
        {
            var g = i % 4;
            var x = random.Next(3);
            var eta = 0.8 * x + effects[g];
            var u = random.NextDouble();
            var y = thresholds.Count(c => u > 1 / (1 + Math.Exp(-(c - eta))));
            csv.Append(text ? Words[y] : (y + (categories == 11 ? 0 : 1)).ToString(CultureInfo.InvariantCulture)).Append(',').Append(x).Append(",g").Append(g).Append('\n');
        }

        return csv.ToString();
    }

    private static string Frame()
    {
        var csv = new StringBuilder("x,g,n\n");
        for (var g = 0; g < 4; g++)
        {
            for (var x = 0; x < 3; x++)
            {
                csv.Append(x).Append(",g").Append(g).Append(',').Append(100 * (1 + x)).Append('\n');
            }
        }

        return csv.ToString();
    }

    private static readonly string[] Short = ["--chains", "2", "--warmup", "150", "--draws", "150", "--quiet"];

    [Fact]
    public void TextOutcomeWithLevelsFitsAndPoststratifies()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data(text: true));
        var frame = temp.File("frame.csv", Frame());
        var fit = Path.Combine(temp.Path, "fit");
        var (exit, _, error) = CliRunner.Run(["fit", data, "--family", "cumulative", "--formula", "rating ~ x + (1|g)", "--levels", "rating=low,mid,high,top", "--out", fit, .. Short]);
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fit, "model.json"))))
        {
            Assert.Equal(["low", "mid", "high", "top"], json.RootElement.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("cumulative", json.RootElement.GetProperty("family").GetString());
            Assert.Equal(["x"], json.RootElement.GetProperty("fixed_effects").EnumerateArray().Select(e => e.GetString()));
        }

        var summary = File.ReadAllLines(Path.Combine(fit, "summary.csv")).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p);
        // The generating thresholds (−1, 0, 1) and slope 0.8, within a generous 4 posterior sds of this small sample.
        foreach (var (name, truth) in new[] { ("b_Intercept[1]", -1.0), ("b_Intercept[2]", 0.0), ("b_Intercept[3]", 1.0), ("b_x", 0.8) })
        {
            var mean = double.Parse(summary[name][1], CultureInfo.InvariantCulture);
            var sd = double.Parse(summary[name][2], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(mean - truth) < 4 * sd, $"{name}: {mean} ± {sd} vs {truth}");
        }

        Assert.Contains("sd_g__Intercept", summary.Keys);
        Assert.Contains(summary.Keys, k => k == "\"r_g[g0");

        var estimates = Path.Combine(temp.Path, "est.csv");
        (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", frame, "--weight", "n", "--by", "g", "--by", "", "--top", "2", "--score", "1,2,4,8", "--out", estimates, "--quiet");
        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(estimates);
        Assert.Equal("by,g,quantity,category,estimate,sd,lower,upper,population,rhat,ess_bulk,ess_tail,interval", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        // 5 groups (4 + everyone) × (4 shares + mean + top_2).
        Assert.Equal(5 * 6, rows.Count);
        foreach (var group in rows.GroupBy(r => r[1]))
        {
            var shares = group.Where(r => r[2] == "share").ToDictionary(r => r[3], r => double.Parse(r[4], CultureInfo.InvariantCulture));
            Assert.Equal(["low", "mid", "high", "top"], shares.Keys);
            Assert.Equal(1, shares.Values.Sum(), 10);
            var mean = double.Parse(group.Single(r => r[2] == "mean")[4], CultureInfo.InvariantCulture);
            Assert.Equal(shares["low"] + 2 * shares["mid"] + 4 * shares["high"] + 8 * shares["top"], mean, 10);
            var top = double.Parse(group.Single(r => r[2] == "top_2")[4], CultureInfo.InvariantCulture);
            Assert.Equal(shares["high"] + shares["top"], top, 10);
        }

        // Groups with larger effects answer higher.
        double Mean(string g) => double.Parse(rows.Single(r => r[1] == g && r[2] == "mean")[4], CultureInfo.InvariantCulture);
        Assert.True(Mean("g0") < Mean("g3"));

        // The estimates figure shows the mean score per group.
        var plotted = MisterP.Plots.GroupResults.Load(estimates, by: "g");
        Assert.True(plotted.Groups.Select(g => g.Key[0]).Order().SequenceEqual(["g0", "g1", "g2", "g3"]), string.Join(";", plotted.Groups.Select(g => $"{string.Join("/", g.Key)}={g.Estimate}")));
        foreach (var group in plotted.Groups)
        {
            Assert.Equal(Mean(group.Key[0]), group.Estimate, 12);
        }

        // compare needs the quantities named; then raw, MRP and truth per quantity, the raw mean with poststrat's scores.
        var comparison = Path.Combine(temp.Path, "cmp.csv");
        (exit, _, error) = CliRunner.Run("compare", estimates, "--raw", data, "--outcome", "rating", "--by", "g", "--out", comparison);
        Assert.Equal(2, exit);
        Assert.Contains("--truth-column mean=", error);
        var truthFile = temp.File("truth.csv", "g,mean_t,top_t,low_t\ng0,2.5,0.4,0.3\ng1,2.6,0.45,0.25\ng2,2.8,0.5,0.2\ng3,3.0,0.55,0.15\n");
        string[] compare = ["compare", estimates, "--raw", data, "--outcome", "rating", "--by", "g", "--truth", truthFile, "--score", "1,2,4,8", "--out", comparison];
        (exit, _, error) = CliRunner.Run([.. compare, "--truth-column", "mean=missing_column"]);
        Assert.Equal(2, exit);
        Assert.Contains("'missing_column'", error);
        Assert.False(File.Exists(comparison));
        (exit, _, error) = CliRunner.Run([.. compare, "--truth-column", "top_3=top_t"]);
        Assert.Equal(2, exit);
        Assert.Contains("no 'top_3' estimates", error);
        (exit, var printed, error) = CliRunner.Run([.. compare, "--truth-column", "mean=mean_t", "--truth-column", "top_2=top_t", "--truth-column", "share:low=low_t"]);
        Assert.True(exit == 0, error);
        Assert.Contains("share:low:", printed);
        var cmp = File.ReadAllLines(comparison);
        Assert.Equal("g,quantity,category,raw,raw_n,mrp,mrp_lower,mrp_upper,truth", cmp[0]);
        var cmpRows = cmp.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(12, cmpRows.Count);
        var answers = File.ReadAllLines(data).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var r in cmpRows)
        {
            var mine = answers.Where(a => a[2] == r[0]).Select(a => Array.IndexOf(Words, a[0])).ToList();
            var expected = r[1] switch
            {
                "mean" => mine.Average(k => new[] { 1.0, 2, 4, 8 }[k]),
                "top_2" => mine.Average(k => k >= 2 ? 1.0 : 0),
                _ => mine.Average(k => k == 0 ? 1.0 : 0),
            };
            Assert.Equal(expected, double.Parse(r[3], CultureInfo.InvariantCulture), 10);
            Assert.Equal(mine.Count, double.Parse(r[4], CultureInfo.InvariantCulture));
            Assert.Equal(r[1] == "share" ? "low" : string.Empty, r[2]);
            var est = rows.Single(e => e[1] == r[0] && e[2] == r[1] && e[3] == r[2]);
            Assert.Equal(double.Parse(est[4], CultureInfo.InvariantCulture), double.Parse(r[5], CultureInfo.InvariantCulture), 12);
        }
    }

    /// <summary>--method ml fits the cumulative model by clmm's Laplace likelihood; --method laplace says why it is not available.</summary>
    [Fact]
    public void MaximumLikelihoodFitsAndLaplaceIsRefused()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data(text: true));
        var fit = Path.Combine(temp.Path, "fit");
        var (exit, output, error) = CliRunner.Run("fit", data, "--family", "cumulative", "--formula", "rating ~ x + (1|g)", "--levels", "rating=low,mid,high,top", "--method", "ml", "--out", fit);
        Assert.True(exit == 0, error);
        Assert.Contains("Laplace log-likelihood", output);
        var summary = File.ReadAllLines(Path.Combine(fit, "summary.csv")).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p);
        Assert.Equal("parameter,estimate,std_error,statistic,p_value,conf_low,conf_high", string.Join(",", summary["parameter"]));
        // The generating thresholds (−1, 0, 1) and slope 0.8 within 4 standard errors.
        foreach (var (name, truth) in new[] { ("b_Intercept[1]", -1.0), ("b_Intercept[2]", 0.0), ("b_Intercept[3]", 1.0), ("b_x", 0.8) })
        {
            var estimate = double.Parse(summary[name][1], CultureInfo.InvariantCulture);
            var se = double.Parse(summary[name][2], CultureInfo.InvariantCulture);
            Assert.True(se > 0 && Math.Abs(estimate - truth) < 4 * se, $"{name}: {estimate} ± {se} vs {truth}");
        }

        Assert.Contains("sd_g__Intercept", summary.Keys);
        (exit, _, error) = CliRunner.Run("fit", data, "--family", "cumulative", "--formula", "rating ~ x + (1|g)", "--levels", "rating=low,mid,high,top", "--method", "laplace",
            "--out", Path.Combine(temp.Path, "laplace"));
        Assert.Equal(2, exit);
        Assert.Contains("--method laplace is not available for the cumulative family", error);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "laplace")));
    }

    [Fact]
    public void NpsOnA0To10Item()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data(text: false, categories: 11));
        var frame = temp.File("frame.csv", Frame());
        var fit = Path.Combine(temp.Path, "fit");
        var (exit, _, error) = CliRunner.Run(["fit", data, "--family", "cumulative", "--formula", "rating ~ x + (1|g)", "--out", fit, .. Short]);
        Assert.True(exit == 0, error);
        var estimates = Path.Combine(temp.Path, "est.csv");
        (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", frame, "--weight", "n", "--by", "", "--nps", "--out", estimates, "--quiet");
        Assert.True(exit == 0, error);
        var rows = File.ReadAllLines(estimates).Skip(1).Select(l => l.Split(',')).ToList();
        // No grouping columns: by, quantity, category, estimate, …
        var shares = rows.Where(r => r[1] == "share").Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
        var share = rows.Where(r => r[1] == "share").Select(r => double.Parse(r[3], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (double)i), shares);
        var nps = double.Parse(rows.Single(r => r[1] == "nps")[3], CultureInfo.InvariantCulture);
        Assert.Equal(100 * (share[9] + share[10] - share[..7].Sum()), nps, 8);
    }

    [Fact]
    public void UnobservedCategoryGetsItsThresholdAndAWarning()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data(text: true));
        var fit = Path.Combine(temp.Path, "fit");
        var (exit, output, error) = CliRunner.Run(["fit", data, "--family", "cumulative", "--formula", "rating ~ x + (1|g)", "--levels", "rating=low,mid,high,top,best", "--out", fit,
            "--chains", "1", "--warmup", "100", "--draws", "100"]);
        Assert.True(exit == 0, error);
        Assert.Contains("'best'", output + error);
        Assert.Contains("never occur in the data", output + error);
        Assert.Contains("b_Intercept[4]", File.ReadAllText(Path.Combine(fit, "summary.csv")));
    }

    [Theory]
    [InlineData("text", "", "needs its categories in order")]
    [InlineData("levels", "rating=low,mid,high", "does not list 'top'")]
    public void BadFitInputExits2(string kind, string levels, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data(text: kind is "text" or "levels"));
        var fit = Path.Combine(temp.Path, "fit");
        string[] args = ["fit", data, "--family", "cumulative", "--formula", "rating ~ x + (1|g)", "--out", fit, .. Short];
        if (levels.Length > 0)
        {
            args = [.. args, "--levels", levels];
        }

        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(fit));
    }

    [Theory]
    [InlineData("--nps", "", "needs a 0–10 outcome")]
    [InlineData("--score", "1,2,3", "--score gives 3 value(s), but the outcome has 4 categories")]
    [InlineData("--top", "4", "--top 4: give a number of top categories from 1 to 3")]
    public void BadPoststratOptionsExit2(string option, string value, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data(text: false));
        var frame = temp.File("frame.csv", Frame());
        var fit = Path.Combine(temp.Path, "fit");
        Assert.Equal(0, CliRunner.Run(["fit", data, "--family", "cumulative", "--formula", "rating ~ x + (1|g)", "--out", fit, "--chains", "1", "--warmup", "50", "--draws", "50", "--quiet"]).Exit);
        var estimates = Path.Combine(temp.Path, "est.csv");
        string[] args = ["poststrat", fit, "--frame", frame, "--weight", "n", "--out", estimates, "--quiet", option];
        if (value.Length > 0)
        {
            args = [.. args, value];
        }

        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.False(File.Exists(estimates));

        // Interpretation is per category: a row per category and the mean, never a binary-scale number.
        (exit, _, error) = CliRunner.Run("predictions", fit, "--conditional", "x", "--at", "x=0", "--out", Path.Combine(temp.Path, "p.csv"), "--quiet");
        Assert.True(exit == 0, error);
        Assert.Equal("quantity,category,x,estimate,sd,lower,upper", File.ReadLines(Path.Combine(temp.Path, "p.csv")).First());
    }
}
