using System.Globalization;
using MisterP.Tests.Cli;
using MisterP.Tests.Plots;
using Xunit;

namespace MisterP.Tests.Interpretation;

/// <summary>A small cumulative fit (rating ~ x + (1|g), four categories) shared by the ordinal interpretation tests.</summary>
public sealed class SmallCumulativeFit : IDisposable
{
    private readonly TempFolder _temp = new();

    public SmallCumulativeFit()
    {
        Rows = OrdinalCommandsCliTests.Data();
        Fit = OrdinalCommandsCliTests.Fit(_temp, _temp.File("d.csv", Rows));
        var draws = MisterP.Workflow.SavedFit.Load(Fit).Draws!;
        Parameter = name => draws.Parameter(draws.ParameterNames.ToList().IndexOf(name)).SelectMany(c => c).ToArray();
    }

    public string Fit { get; }

    /// <summary>The data as CSV text (rating,x,g).</summary>
    public string Rows { get; }

    /// <summary>A parameter's draws, chains concatenated.</summary>
    public Func<string, double[]> Parameter { get; }

    public string Output(string name) => Path.Combine(_temp.Path, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    /// <summary>P(y = k) per draw at linear predictor η(d), from the thresholds: σ(c_k − η) − σ(c_{k−1} − η).</summary>
    public double[] Probability(int k, Func<int, double> eta)
    {
        var cuts = Enumerable.Range(1, 3).Select(j => Parameter($"b_Intercept[{j}]")).ToArray();
        double Cdf(int j, double e, int d) => j < 0 ? 0 : j >= 3 ? 1 : 1 / (1 + Math.Exp(-(cuts[j][d] - e)));
        return Enumerable.Range(0, cuts[0].Length).Select(d => Cdf(k, eta(d), d) - Cdf(k - 1, eta(d), d)).ToArray();
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// predictions, comparisons and slopes of a cumulative fit: per-category probabilities (brms posterior_epred) and the
/// expected score, recomputed here from draws.csv; posterior predictive shares; η; and the figure's marks read back.
/// </summary>
public sealed class CumulativeInterpretationTests(SmallCumulativeFit fit) : IClassFixture<SmallCumulativeFit>
{
    private static readonly double[] Scores = [1, 2, 3, 5];

    [Fact]
    public void EpredGivesEachCategorysProbabilityAndTheExpectedScoreAtEveryGridValue()
    {
        var rows = Run("predictions", "--conditional", "x", "--at", "x=0,2", "--score", "1,2,3,5");
        Assert.Equal(2 * 5, rows.Count);
        var slope = fit.Parameter("b_x");
        foreach (var x in new[] { 0.0, 2.0 })
        {
            // g is not on the grid, so its effects count as zero (brms re_formula = NA for that term).
            var probabilities = Enumerable.Range(0, 4).Select(k => fit.Probability(k, d => slope[d] * x)).ToArray();
            var at = rows.Where(r => Number(r["x"]) == x).ToList();
            for (var k = 0; k < 4; k++)
            {
                var row = Assert.Single(at, r => r["quantity"] == "share" && r["category"] == OrdinalCommandsCliTests.Words[k]);
                Assert.Equal(probabilities[k].Average(), Number(row["estimate"]), 1e-9);
            }

            var mean = Assert.Single(at, r => r["quantity"] == "mean");
            Assert.Equal("", mean["category"]);
            var expected = Enumerable.Range(0, slope.Length).Average(d => Enumerable.Range(0, 4).Sum(k => Scores[k] * probabilities[k][d]));
            Assert.Equal(expected, Number(mean["estimate"]), 1e-9);
        }
    }

    [Fact]
    public void ComparisonsAreDifferencesPerCategoryAveragedOverTheData()
    {
        var rows = Run("comparisons", "--contrast", "x=0,2", "--average-by", "");
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal("2 - 0", r["contrast"]));

        // Over the data every unit keeps its own group effect; the average runs over the 240 rows per draw.
        var slope = fit.Parameter("b_x");
        var units = fit.Rows.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[2]).ToList();
        var effects = units.Distinct().ToDictionary(g => g, g => fit.Parameter($"r_g[{g},Intercept]"));
        for (var k = 0; k < 4; k++)
        {
            var difference = new double[slope.Length];
            foreach (var g in units)
            {
                var high = fit.Probability(k, d => slope[d] * 2 + effects[g][d]);
                var low = fit.Probability(k, d => effects[g][d]);
                for (var d = 0; d < difference.Length; d++)
                {
                    difference[d] += (high[d] - low[d]) / units.Count;
                }
            }

            var row = Assert.Single(rows, r => r["category"] == OrdinalCommandsCliTests.Words[k]);
            Assert.Equal(difference.Average(), Number(row["estimate"]), 1e-9);
        }

        // Shares of one distribution: their differences cancel; x raises the rating, so the top share grows.
        Assert.Equal(0, rows.Where(r => r["quantity"] == "share").Sum(r => Number(r["estimate"])), 1e-12);
        Assert.True(Number(rows.Single(r => r["category"] == "top")["lower"]) > 0);
        Assert.True(Number(rows.Single(r => r["quantity"] == "mean")["lower"]) > 0);
    }

    [Fact]
    public void PosteriorPredictiveSharesSumToOneAndAgreeWithEpredWithinMonteCarloError()
    {
        var pps = Run("predictions", "--kind", "pps", "--average-by", "g");
        var epred = Run("predictions", "--average-by", "g");
        Assert.Equal(epred.Count, pps.Count);
        foreach (var g in new[] { "g0", "g1", "g2", "g3" })
        {
            var shares = pps.Where(r => r["g"] == g && r["quantity"] == "share").ToList();
            Assert.Equal(4, shares.Count);
            Assert.Equal(1, shares.Sum(r => Number(r["estimate"])), 1e-9);
            foreach (var row in pps.Where(r => r["g"] == g))
            {
                var expected = Number(epred.Single(r => r["g"] == g && r["quantity"] == row["quantity"] && r["category"] == row["category"])["estimate"]);
                // Each draw's simulated share has mean P(y = k): |mean of 400 draws − epred| < 4 · sd / √400.
                Assert.True(Math.Abs(Number(row["estimate"]) - expected) < 4 * Number(row["sd"]) / Math.Sqrt(400), $"{g} {row["category"]}: {row["estimate"]} vs {expected}");
                Assert.True(Number(row["sd"]) > Number(epred.Single(r => r["g"] == g && r["quantity"] == row["quantity"] && r["category"] == row["category"])["sd"]));
            }
        }
    }

    [Fact]
    public void LinpredAndSlopesReportTheLinearPredictorOnce()
    {
        var rows = Run("slopes", "--wrt", "x", "--kind", "linpred", "--average-by", "");
        var row = Assert.Single(rows);
        Assert.Equal("eta", row["quantity"]);
        Assert.Equal(fit.Parameter("b_x").Average(), Number(row["estimate"]), 1e-6);
    }

    [Fact]
    public void ScoreIsRefusedWithTheWrongLength()
    {
        var run = CliRunner.Run("predictions", fit.Fit, "--score", "1,2", "--quiet");
        Assert.Equal(2, run.Exit);
        Assert.Contains("--score gives 2 value(s), but the outcome has 4 categories", run.Error);
    }

    [Fact]
    public void TheFigureDrawsOneColourPerCategoryWithPointsAtTheCsvsShares()
    {
        var csv = fit.Output("p.csv");
        var svg = fit.Output("p.svg");
        var run = CliRunner.Run("predictions", fit.Fit, "--conditional", "g", "--out", csv, "--plot", svg, "--quiet");
        Assert.True(run.Exit == 0, run.Error);
        var rows = CsvRows(csv).Where(r => r["quantity"] == "share").ToList();
        var marks = SvgMarks.Read(svg);
        var y = marks.Axis(horizontal: false);
        // Legend markers sit just left of the legend's labels, right of every plotted point.
        var legendLeft = marks.Label("category").X - 30;
        foreach (var category in OrdinalCommandsCliTests.Words)
        {
            // The legend pairs the category with its colour; the plotted circles of that colour, left to right, are g0..g3.
            var entry = marks.Texts.Single(t => t.Text == category && t.X >= legendLeft);
            var colour = marks.Circles.Where(c => c.X >= legendLeft).MinBy(c => Math.Abs(c.Y - entry.Y))!.Fill;
            var points = marks.Circles.Where(c => c.Fill == colour && c.X < legendLeft).OrderBy(c => c.X).ToList();
            var expected = rows.Where(r => r["category"] == category).OrderBy(r => r["g"], StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Count, points.Count);
            for (var i = 0; i < points.Count; i++)
            {
                Assert.True(Math.Abs(y.ToData(points[i].Y) - Number(expected[i]["estimate"])) < 0.75 * y.PerPixel, $"{category} {expected[i]["g"]}");
            }
        }

        Assert.Contains(marks.Texts, t => t.Text.StartsWith("P(rating = category) by g", StringComparison.Ordinal));
    }

    [Fact]
    public void PpcComparesObservedCategorySharesWithTheirReplicationsAndDrawsThemWhereTheCsvSays()
    {
        var csv = fit.Output("ppc.csv");
        var svg = fit.Output("ppc.svg");
        var run = CliRunner.Run("plot", fit.Fit, "ppc", "--by", "", "--out", svg, "--out-csv", csv);
        Assert.True(run.Exit == 0, run.Error);
        var table = MisterP.Output.CsvTable.Read(csv, "ppc");
        Assert.Equal(MisterP.Plots.PredictiveCheckCsv.OrdinalPpcHeader, table.Header);
        Assert.Equal(4, table.Rows.Count);
        var ratings = fit.Rows.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToList();
        var marks = SvgMarks.Read(svg);
        var x = marks.Axis(horizontal: true);
        var tolerance = 0.75 * x.PerPixel;
        foreach (var row in table.Rows)
        {
            var category = row.Fields[table.IndexOf("category")];
            Assert.Equal(240, table.Number(row, "units"));
            Assert.Equal(ratings.Count(r => r == category) / 240.0, table.Number(row, "observed"), 12);
            var p = table.Number(row, "p_value");
            Assert.Equal(Math.Round(p * 800), p * 800, 6); // a count of 400 draws, ties half
            var label = marks.Texts.Single(t => t.Text == $"{category} (p={MisterP.Plots.PredictiveCheckPlot.PValueText(p)})");
            var diamond = marks.Shapes.Single(sh => sh.Fill == "#D62728" && Math.Abs(sh.Points.Average(q => q.Y) - label.Y) < 1);
            Assert.True(Math.Abs(x.ToData((diamond.Points.Min(q => q.X) + diamond.Points.Max(q => q.X)) / 2) - table.Number(row, "observed")) < tolerance, category + " observed");
            var bar = marks.Segments.Where(sg => sg.Stroke == "#1F77B4" && Math.Abs(sg.Y1 - label.Y) < 0.5 && Math.Abs(sg.Y2 - label.Y) < 0.5).ToList();
            Assert.True(Math.Abs(x.ToData(bar.Min(sg => Math.Min(sg.X1, sg.X2))) - table.Number(row, "lower")) < tolerance, category + " lower");
            Assert.True(Math.Abs(x.ToData(bar.Max(sg => Math.Max(sg.X1, sg.X2))) - table.Number(row, "upper")) < tolerance, category + " upper");
        }

        // Each draw replicates all 240 rows, so the replicated shares' means add up to one.
        Assert.Equal(1, table.Rows.Sum(r => table.Number(r, "replicated_mean")), 9);

        // By group: one row per group and category; the same CSV may be replaced by another ppc run.
        run = CliRunner.Run("plot", fit.Fit, "ppc", "--by", "g", "--out", svg, "--out-csv", csv, "--seed", "4");
        Assert.True(run.Exit == 0, run.Error);
        table = MisterP.Output.CsvTable.Read(csv, "ppc");
        Assert.Equal(16, table.Rows.Count);
        Assert.All(table.Rows.GroupBy(r => r.Fields[table.IndexOf("level")]), g => Assert.Equal(1, g.Sum(r => table.Number(r, "observed")), 12));
    }

    [Fact]
    public void TheEstimatesPlotStacksEachGroupsSharesAndDrawsOneQuantityWithItsWholePopulationLine()
    {
        var frame = fit.Output("frame.csv");
        File.WriteAllText(frame, "x,g,n\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{i % 3},g{i / 3},{100 + i}\n")));
        var est = fit.Output("est.csv");
        var run = CliRunner.Run("poststrat", fit.Fit, "--frame", frame, "--weight", "n", "--by", "g", "--by", "", "--top", "2", "--out", est, "--quiet");
        Assert.True(run.Exit == 0, run.Error);
        var rows = CsvRows(est);

        var stacked = fit.Output("stacked.svg");
        run = CliRunner.Run("plot", fit.Fit, "estimates", "--estimates", est, "--out", stacked);
        Assert.True(run.Exit == 0, run.Error);
        var marks = SvgMarks.Read(stacked);
        var x = marks.Axis(horizontal: true);
        var tolerance = 0.75 * x.PerPixel;
        foreach (var g in new[] { "g0", "g1", "g2", "g3" })
        {
            var label = marks.Label(g);
            var start = 0.0;
            for (var k = 0; k < 4; k++)
            {
                var share = Number(rows.Single(r => r["g"] == g && r["quantity"] == "share" && r["category"] == OrdinalCommandsCliTests.Words[k])["estimate"]);
                var colour = MisterP.Plots.CategorySharesPlot.Colour(k, 4).ToStringRGB().ToUpperInvariant();
                var bar = Assert.Single(marks.Shapes, sh => sh.Fill == colour && Math.Abs(sh.Points.Average(q => q.Y) - label.Y) < 2);
                Assert.True(Math.Abs(x.ToData(bar.Points.Min(q => q.X)) - start) < tolerance, $"{g} {k}: starts at {x.ToData(bar.Points.Min(q => q.X))}, expected {start}");
                Assert.True(Math.Abs(x.ToData(bar.Points.Max(q => q.X)) - (start + share)) < tolerance, $"{g} {k}: ends at {x.ToData(bar.Points.Max(q => q.X))}");
                start += share;
            }

            Assert.Equal(1, start, 9);
        }

        // One quantity: top-2 shares with intervals, and the whole population's top-2 share (not its first row) as the line.
        var top = fit.Output("top.svg");
        run = CliRunner.Run("plot", fit.Fit, "estimates", "--estimates", est, "--quantity", "top_2", "--out", top);
        Assert.True(run.Exit == 0, run.Error);
        marks = SvgMarks.Read(top);
        x = marks.Axis(horizontal: true);
        tolerance = 0.75 * x.PerPixel;
        foreach (var row in rows.Where(r => r["quantity"] == "top_2" && r["by"] == "g"))
        {
            var point = Assert.Single(marks.Circles, c => c.Fill == "#1F77B4" && Math.Abs(c.Y - marks.Label(row["g"]).Y) < 0.5);
            Assert.True(Math.Abs(x.ToData(point.X) - Number(row["estimate"])) < tolerance, row["g"]);
        }

        var national = Number(rows.Single(r => r["by"] == "(all)" && r["quantity"] == "top_2")["estimate"]);
        // The dashed line is drawn as filled dashes (#444) 1.5 px wide, the tallest such shape (the other is its legend entry).
        var dashes = marks.Shapes.Where(sh => sh.Fill == "#444").MaxBy(sh => sh.Points.Max(q => q.Y) - sh.Points.Min(q => q.Y))!;
        Assert.True(Math.Abs(x.ToData((dashes.Points.Min(q => q.X) + dashes.Points.Max(q => q.X)) / 2) - national) < tolerance, $"whole population line vs {national}");

        run = CliRunner.Run("plot", fit.Fit, "estimates", "--estimates", est, "--quantity", "nps", "--out", fit.Output("nps.svg"));
        Assert.Equal(2, run.Exit);
        Assert.Contains("--quantity 'nps' is not in", run.Error);
    }

    private List<Dictionary<string, string>> Run(string command, params string[] options)
    {
        var csv = fit.Output(command + ".csv");
        var run = CliRunner.Run([command, fit.Fit, .. options, "--out", csv, "--quiet"]);
        Assert.True(run.Exit == 0, run.Error);
        return CsvRows(csv);
    }

    private static List<Dictionary<string, string>> CsvRows(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second.Trim('"'))).ToList();
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
