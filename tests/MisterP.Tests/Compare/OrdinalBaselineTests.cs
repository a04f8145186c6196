using System.Globalization;
using MisterP.Compare;
using MisterP.Data;
using Xunit;

namespace MisterP.Tests.Compare;

/// <summary>
/// The survey-weighted and raked baselines of an ordinal EST.csv's quantities (share, mean, top_k, nps) per group,
/// against values computed here by hand: raking on one margin is post-stratification, w·N_a/Σ_a w, exactly.
/// </summary>
public class OrdinalBaselineTests
{
    private static readonly string[] Levels = ["low", "mid", "high"];

    // y, g, a (the margin raked on), w (design weight).
    private static readonly (string Y, string G, string A, double W)[] Respondents =
    [
        ("low", "G1", "x", 1), ("mid", "G1", "x", 2), ("high", "G1", "z", 1), ("high", "G1", "z", 3),
        ("low", "G2", "x", 2), ("high", "G2", "z", 1), ("mid", "G2", "z", 1), ("mid", "G2", "x", 1),
    ];

    private static readonly Dictionary<string, double> Population = new() { ["x"] = 600, ["z"] = 400 };

    internal static string SampleCsv() =>
        "y,g,a,w\n" + string.Concat(Respondents.Select(r => $"{r.Y},{r.G},{r.A},{r.W.ToString(CultureInfo.InvariantCulture)}\n"));

    internal static string FrameCsv() => "a,n\nx,600\nz,400\n";

    /// <summary>An ordinal EST.csv by g with shares, mean (scores 1,2,3) and top_2; the estimates themselves do not matter here.</summary>
    internal static string EstimatesCsv()
    {
        var lines = new List<string> { "by,g,quantity,category,estimate,sd,lower,upper,population,interval" };
        foreach (var g in new[] { "G1", "G2" })
        {
            lines.AddRange(Levels.Select(c => $"g,{g},share,{c},0.3,0.05,0.2,0.4,500,0.9"));
            lines.Add($"g,{g},mean,,2,0.1,1.8,2.2,500,0.9");
            lines.Add($"g,{g},top_2,,0.6,0.1,0.4,0.8,500,0.9");
        }

        return string.Join("\n", lines) + "\n";
    }

    internal static string TruthCsv() => "g,p_low,mean_t,top_t\nG1,0.3,2.1,0.7\nG2,0.25,1.9,0.6\n";

    /// <summary>Each respondent's weight: the design weight, or raked to the frame's a margin (post-stratified on a).</summary>
    internal static double[] Weights(bool raked) => Respondents.Select(r => raked
        ? r.W * Population[r.A] / Respondents.Where(o => o.A == r.A).Sum(o => o.W)
        : r.W).ToArray();

    /// <summary>Per group Σ w·value(y) / Σ w.</summary>
    internal static double WeightedMean(string g, bool raked, Func<string, double> value)
    {
        var w = Weights(raked);
        var members = Enumerable.Range(0, Respondents.Length).Where(i => Respondents[i].G == g).ToList();
        return members.Sum(i => w[i] * value(Respondents[i].Y)) / members.Sum(i => w[i]);
    }

    [Fact]
    public void WeightedAndRakedSharesMeanAndTopKMatchTheHandComputedValues()
    {
        using var temp = new TempFolder();
        using var est = TableSources.Open(temp.File("est.csv", EstimatesCsv()));
        using var sample = TableSources.Open(temp.File("s.csv", SampleCsv()));
        using var frame = TableSources.Open(temp.File("f.csv", FrameCsv()));
        using var truth = TableSources.Open(temp.File("t.csv", TruthCsv()));
        var baselines = new Dictionary<string, SurveyWeights>
        {
            ["weighted"] = Raking.Weigh(sample, null, ["g"], new RakingOptions([], "y", "n") { SampleWeight = "w" }),
            ["raking"] = Raking.Weigh(sample, frame, ["g"], new RakingOptions(["a"], "y", "n") { SampleWeight = "w" }),
        };
        Assert.True(baselines["raking"].Converged);
        foreach (var (expected, actual) in Weights(raked: true).Zip(baselines["raking"].Weights))
        {
            Assert.Equal(expected, actual, 9);
        }

        TruthColumn[] truthColumns = [.. Levels.Select(c => new TruthColumn("share", c, "p_low")), new("mean", "", "mean_t"), new("top_2", "", "top_t")];
        double[] scores = [0, 5, 10];
        var compared = QuantityComparisonBuilder.Build(est, ["g"], sample, "y", truth, truthColumns, scores, baselines);
        Assert.Equal(["share:low", "share:mid", "share:high", "mean", "top_2"], compared.Select(c => c.Label));
        foreach (var c in compared)
        {
            Func<string, double> value = c.Quantity switch
            {
                "share" => y => y == c.Category ? 1 : 0,
                "mean" => y => scores[Array.IndexOf(Levels, y)],
                _ => y => y is "mid" or "high" ? 1 : 0,
            };
            foreach (var row in c.Rows)
            {
                var g = row.Key[0];
                Assert.Equal(WeightedMean(g, raked: false, value), row.Baselines["weighted"].Estimate, 12);
                Assert.Equal(WeightedMean(g, raked: true, value), row.Baselines["raking"].Estimate, 12);
                Assert.True(row.Baselines["weighted"].StdError > 0 && row.Baselines["raking"].StdError > 0, $"{c.Label} {g}");
                var members = Respondents.Where(r => r.G == g).ToList();
                Assert.Equal(members.Average(r => value(r.Y)), row.Raw, 12);
            }

            // Each baseline is scored against the truth like raw.
            foreach (var name in new[] { "weighted", "raking" })
            {
                var accuracy = c.Summary.Accuracy.Single(a => a.Estimator == name);
                var errors = c.Rows.Select(r => r.Baselines[name].Estimate - r.Truth).ToList();
                Assert.Equal(2, accuracy.Groups);
                Assert.Equal(Math.Sqrt(errors.Average(e => e * e)), accuracy.Rmse, 12);
                Assert.Equal(errors.Average(), accuracy.Bias, 12);
            }
        }

        // The shares of each baseline add up to one in every group.
        foreach (var g in new[] { "G1", "G2" })
        {
            Assert.Equal(1, compared.Where(c => c.Quantity == "share").Sum(c => c.Rows.Single(r => r.Key[0] == g).Baselines["raking"].Estimate), 12);
        }
    }

    [Fact]
    public void WeightedShareStandardErrorIsTheHajekLinearization()
    {
        // Without raking variables: var = n/(n−1)·Σ(wᵢuᵢ − mean)², uᵢ = 1{g}(yᵢ − ȳ_g)/Ŵ_g over all n rows.
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", SampleCsv()));
        var weights = Raking.Weigh(sample, null, ["g"], new RakingOptions([], "y", "n") { SampleWeight = "w" });
        var low = OrdinalQuantity.Of("share", "low", Levels);
        var estimates = weights.Estimate(low.Sql(sample, "y"));
        var n = Respondents.Length;
        foreach (var e in estimates)
        {
            var g = e.Key[0];
            var total = Respondents.Where(r => r.G == g).Sum(r => r.W);
            var mean = WeightedMean(g, raked: false, y => y == "low" ? 1 : 0);
            var wu = Respondents.Select(r => r.G == g ? r.W * ((r.Y == "low" ? 1 : 0) - mean) / total : 0).ToArray();
            var average = wu.Average();
            Assert.Equal(Math.Sqrt(n / (n - 1.0) * wu.Sum(v => (v - average) * (v - average))), e.StdError, 12);
        }
    }

    [Fact]
    public void NpsAndNumericMeanAreWeightedAsPoststratDefinesThem()
    {
        // A 0–10 item: nps = 100·(w share of 9–10 − w share of 0–6); mean = the weighted answer (numeric categories).
        using var temp = new TempFolder();
        (int Y, string G, double W)[] answers = [(10, "A", 1), (9, "A", 2), (7, "A", 1), (3, "A", 4), (0, "B", 1), (6, "B", 1), (8, "B", 3), (9, "B", 1)];
        using var sample = TableSources.Open(temp.File("s.csv", "y,g,w\n" + string.Concat(answers.Select(a => $"{a.Y},{a.G},{a.W.ToString(CultureInfo.InvariantCulture)}\n"))));
        var categories = Enumerable.Range(0, 11).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToList();
        OrdinalQuantity.RequireCategories(sample, "y", categories);
        var weights = Raking.Weigh(sample, null, ["g"], new RakingOptions([], "y", "n") { SampleWeight = "w" });
        var nps = weights.Estimate(OrdinalQuantity.Of("nps", "", categories).Sql(sample, "y"));
        var mean = weights.Estimate(OrdinalQuantity.Of("mean", "", categories).Sql(sample, "y"));
        var top = weights.Estimate(OrdinalQuantity.Of("top_3", "", categories).Sql(sample, "y"));
        foreach (var g in new[] { "A", "B" })
        {
            var mine = answers.Where(a => a.G == g).ToList();
            var total = mine.Sum(a => a.W);
            Assert.Equal(100 * (mine.Where(a => a.Y >= 9).Sum(a => a.W) - mine.Where(a => a.Y <= 6).Sum(a => a.W)) / total, nps.Single(e => e.Key[0] == g).Estimate, 12);
            Assert.Equal(mine.Sum(a => a.W * a.Y) / total, mean.Single(e => e.Key[0] == g).Estimate, 12);
            Assert.Equal(mine.Where(a => a.Y >= 8).Sum(a => a.W) / total, top.Single(e => e.Key[0] == g).Estimate, 12);
        }
    }

    [Fact]
    public void SampleAnswerOutsideTheCategoriesIsNamed()
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", SampleCsv() + "top,G1,x,1\n"));
        var error = Assert.Throws<UserInputException>(() => OrdinalQuantity.RequireCategories(sample, "y", Levels));
        Assert.Contains("'top'", error.Message);
        Assert.DoesNotContain("'low'", error.Message);
    }

    [Fact]
    public void RakeOnColumnMissingFromTheFrameIsNamed()
    {
        using var temp = new TempFolder();
        using var sample = TableSources.Open(temp.File("s.csv", SampleCsv()));
        using var frame = TableSources.Open(temp.File("f.csv", FrameCsv()));
        var error = Assert.Throws<UserInputException>(() => Raking.Weigh(sample, frame, ["g"], new RakingOptions(["a", "g"], "y", "n")));
        Assert.Contains("frame", error.Message);
        Assert.Contains("'g'", error.Message);
    }
}
