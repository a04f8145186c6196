using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// The categorical and multinomial families end to end through the CLI: fit, brms names, poststrat shares, predictions,
/// comparisons and slopes per category, the ppc, the stacked shares figure, compare per share, bad input.
/// </summary>
public class CategoricalCliTests
{
    private static readonly string[] Labels = ["A", "B", "C_x"];

    /// <summary>η_B = 0.4 + 0.8·x + a_g, η_C = −0.3 − 0.7·x − a_g (reference A), for 600 rows over three x and four groups.</summary>
    private static (double B, double C) Eta(int x, int g)
    {
        var a = new[] { -0.4, -0.1, 0.1, 0.4 }[g];
        return (0.4 + 0.8 * x + a, -0.3 - 0.7 * x - a);
    }

    private static double[] Probabilities(int x, int g)
    {
        var (b, c) = Eta(x, g);
        var s = 1 + Math.Exp(b) + Math.Exp(c);
        return [1 / s, Math.Exp(b) / s, Math.Exp(c) / s];
    }

    private static string Rows()
    {
        var random = new Random(11);
        var csv = new StringBuilder("choice,x,g\n");
        for (var i = 0; i < 600; i++)
        {
            var g = i % 4;
            var x = random.Next(3);
            var p = Probabilities(x, g);
            var u = random.NextDouble();
            var k = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            csv.Append(Labels[k]).Append(',').Append(x).Append(",g").Append(g).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The same rows as counts per (x, g): cbind(A, B, C_x).</summary>
    private static string Counts()
    {
        var counts = new Dictionary<(string X, string G), int[]>();
        foreach (var line in Rows().Split('\n').Skip(1).Where(l => l.Length > 0))
        {
            var p = line.Split(',');
            var key = (p[1], p[2]);
            if (!counts.TryGetValue(key, out var c))
            {
                counts[key] = c = new int[3];
            }

            c[Array.IndexOf(Labels, p[0])]++;
        }

        var csv = new StringBuilder("x,g,A,B,C_x\n");
        foreach (var ((x, g), c) in counts.OrderBy(e => e.Key.G).ThenBy(e => e.Key.X))
        {
            csv.Append(x).Append(',').Append(g).Append(',').Append(string.Join(",", c)).Append('\n');
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

    private static readonly string[] Short = ["--chains", "2", "--warmup", "200", "--draws", "200", "--quiet"];

    private static Dictionary<string, string[]> Summary(string fit) =>
        File.ReadAllLines(Path.Combine(fit, "summary.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0].Trim('"'), p => p);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void RowsFitWithBrmsNamesAndPoststratifyToShares()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Rows());
        var frame = temp.File("frame.csv", Frame());
        var fit = Path.Combine(temp.Path, "fit");
        var (exit, _, error) = CliRunner.Run(["fit", data, "--family", "categorical", "--formula", "choice ~ x + (1|g)", "--out", fit, .. Short]);
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fit, "model.json"))))
        {
            Assert.Equal(Labels, json.RootElement.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("categorical", json.RootElement.GetProperty("family").GetString());
        }

        var summary = Summary(fit);
        // The generating coefficients, within 4 posterior sds of this small sample; the '_' in C_x stays in its name.
        foreach (var (name, truth) in new[] { ("b_muB_Intercept", 0.4), ("b_muB_x", 0.8), ("b_muC_x_Intercept", -0.3), ("b_muC_x_x", -0.7) })
        {
            var mean = Number(summary[name][1]);
            var sd = Number(summary[name][2]);
            Assert.True(Math.Abs(mean - truth) < 4 * sd, $"{name}: {mean} ± {sd} vs {truth}");
        }

        Assert.Contains("sd_g__muC_x_Intercept", summary.Keys);
        Assert.Contains("\"r_g__muB[g0,Intercept]\"", File.ReadAllText(Path.Combine(fit, "summary.csv")));

        var estimates = Path.Combine(temp.Path, "est.csv");
        (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "g", "--by", "", "--out", estimates, "--quiet");
        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(estimates);
        Assert.StartsWith("by,g,quantity,category,estimate", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal("share", r[2]));
        Assert.Equal(5 * 3, rows.Count);

        // Per group the shares are a distribution (each draw's sum is 1, so the means sum to 1), and the population's
        // shares match the generating model's within 4 posterior sds.
        foreach (var group in rows.GroupBy(r => r[1]))
        {
            Assert.Equal(1.0, group.Sum(r => Number(r[4])), 9);
        }

        var population = new double[3];
        var total = 0.0;
        for (var g = 0; g < 4; g++)
        {
            for (var x = 0; x < 3; x++)
            {
                var n = 100 * (1 + x);
                var p = Probabilities(x, g);
                for (var k = 0; k < 3; k++)
                {
                    population[k] += n * p[k];
                }

                total += n;
            }
        }

        foreach (var r in rows.Where(r => r[1] == ""))
        {
            var truth = population[Array.IndexOf(Labels, r[3])] / total;
            Assert.True(Math.Abs(Number(r[4]) - truth) < 4 * Number(r[5]), $"share {r[3]}: {r[4]} ± {r[5]} vs {truth}");
        }
    }

    [Fact]
    public void CountColumnsGiveTheSamePosteriorAsRows()
    {
        using var temp = new TempFolder();
        var rowsFit = Path.Combine(temp.Path, "rows");
        var countsFit = Path.Combine(temp.Path, "counts");
        Assert.Equal(0, CliRunner.Run(["fit", temp.File("d.csv", Rows()), "--family", "categorical", "--formula", "choice ~ x + (1|g)", "--out", rowsFit, .. Short]).Exit);
        var (exit, _, error) = CliRunner.Run(["fit", temp.File("c.csv", Counts()), "--formula", "cbind(A, B, C_x) ~ x + (1|g)", "--out", countsFit, .. Short]);
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(countsFit, "model.json"))))
        {
            Assert.Equal("multinomial", json.RootElement.GetProperty("family").GetString());
        }

        // Same cells, same likelihood (up to the multinomial coefficient), same priors: means agree within Monte Carlo error.
        var a = Summary(rowsFit);
        var b = Summary(countsFit);
        foreach (var name in a.Keys.Where(n => n.StartsWith("b_", StringComparison.Ordinal) || n.StartsWith("sd_", StringComparison.Ordinal)))
        {
            var diff = Math.Abs(Number(a[name][1]) - Number(b[name][1]));
            var allowed = 4 * Math.Sqrt(Math.Pow(Number(a[name][6]), 2) + Math.Pow(Number(b[name][6]), 2));
            Assert.True(diff < allowed, $"{name}: rows {a[name][1]} vs counts {b[name][1]} (allowed {allowed})");
        }
    }

    [Theory]
    [InlineData("fit-levels", "reference category 'Z'")]
    [InlineData("fit-ml", "--method ml is not available for the categorical family")]
    [InlineData("cbind-family", "so the family is multinomial, not categorical")]
    [InlineData("multinomial-without-counts", "--family multinomial needs one count column per category")]
    public void BadFitInputExits2(string kind, string expected)
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Rows());
        var counts = temp.File("c.csv", Counts());
        var fit = Path.Combine(temp.Path, "fit");
        string[] args = kind switch
        {
            "fit-levels" => ["fit", data, "--family", "categorical", "--formula", "choice ~ x", "--levels", "choice=Z,A,B,C_x", "--out", fit],
            "fit-ml" => ["fit", data, "--family", "categorical", "--formula", "choice ~ x", "--method", "ml", "--out", fit],
            "cbind-family" => ["fit", counts, "--family", "categorical", "--formula", "cbind(A, B, C_x) ~ x", "--out", fit],
            _ => ["fit", data, "--family", "multinomial", "--formula", "x ~ 1", "--out", fit],
        };
        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(fit));
    }

    [Fact]
    public void OrderedQuantitiesAreRefusedForUnorderedFits()
    {
        using var temp = new TempFolder();
        var fit = Path.Combine(temp.Path, "fit");
        Assert.Equal(0, CliRunner.Run(["fit", temp.File("d.csv", Rows()), "--family", "categorical", "--formula", "choice ~ x", "--out", fit, "--chains", "1", "--warmup", "50", "--draws", "50", "--quiet"]).Exit);
        var estimates = Path.Combine(temp.Path, "est.csv");
        var (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", temp.File("frame.csv", Frame()), "--top", "1", "--out", estimates);
        Assert.Equal(2, exit);
        Assert.Contains("need ordered categories", error);
        Assert.False(File.Exists(estimates));
    }

    [Fact]
    public void LooEffectsAndReportRun()
    {
        using var temp = new TempFolder();
        var fit = Path.Combine(temp.Path, "fit");
        Assert.Equal(0, CliRunner.Run(["fit", temp.File("d.csv", Rows()), "--family", "categorical", "--formula", "choice ~ x + (1|g)", "--out", fit, .. Short]).Exit);

        // LOO per respondent: one pointwise value per (cell, category) that occurs, standing for its 600 respondents.
        var (exit, output, error) = CliRunner.Run("loo", fit);
        Assert.True(exit == 0, error);
        Assert.Contains("by 600 log-likelihood matrix", output);
        (exit, _, error) = CliRunner.Run("loo", fit, "--unit", "cell");
        Assert.True(exit == 0, error);

        // The effects plot has a panel per category, under brms's term names, with that category's sd.
        var svg = Path.Combine(temp.Path, "effects.svg");
        (exit, _, error) = CliRunner.Run("plot", fit, "effects", "--out", svg);
        Assert.True(exit == 0, error);
        var text = File.ReadAllText(svg);
        Assert.Contains("g__muB: varying intercepts (sd", text);
        Assert.Contains("g__muC_x: varying intercepts (sd", text);

        // The report now carries the category ppc figure too.
        var report = Path.Combine(temp.Path, "report.html");
        (exit, _, error) = CliRunner.Run("report", fit, "--out", report);
        Assert.True(exit == 0, error);
        Assert.Contains("Posterior predictive check", File.ReadAllText(report));
    }

    /// <summary>A parameter's draws from a fit folder, chains concatenated.</summary>
    private static Func<string, double[]> Draws(string fit)
    {
        var draws = MisterP.Workflow.SavedFit.Load(fit).Draws!;
        return name => draws.Parameter(draws.ParameterNames.ToList().IndexOf(name) is var i and >= 0 ? i : throw new KeyNotFoundException(name)).SelectMany(c => c).ToArray();
    }

    /// <summary>Per draw, the softmax over (A, B, C_x) of η_B and η_C, with η_A = 0.</summary>
    private static double[][] Softmax(double[] b, double[] c) => Enumerable.Range(0, b.Length).Select(d =>
    {
        var sum = 1 + Math.Exp(b[d]) + Math.Exp(c[d]);
        return new[] { 1 / sum, Math.Exp(b[d]) / sum, Math.Exp(c[d]) / sum };
    }).ToArray();

    private static List<Dictionary<string, string>> CsvRows(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second.Trim('"'))).ToList();
    }

    [Fact]
    public void PredictionsComparisonsAndSlopesArePerCategoryAsRecomputedFromTheDraws()
    {
        using var temp = new TempFolder();
        var fit = Path.Combine(temp.Path, "fit");
        Assert.Equal(0, CliRunner.Run(["fit", temp.File("d.csv", Rows()), "--family", "categorical", "--formula", "choice ~ x + (1|g)", "--out", fit, .. Short]).Exit);
        var parameter = Draws(fit);
        List<Dictionary<string, string>> Run(params string[] args)
        {
            var csv = Path.Combine(temp.Path, Guid.NewGuid().ToString("N") + ".csv");
            var (exit, _, error) = CliRunner.Run([args[0], fit, .. args[1..], "--out", csv, "--quiet"]);
            Assert.True(exit == 0, error);
            return CsvRows(csv);
        }

        // epred on a grid of x (g off the grid: its effects count as zero, brms re_formula = NA): P(category) per draw.
        var rows = Run("predictions", "--conditional", "x", "--at", "x=0,2");
        Assert.Equal(2 * 3, rows.Count);
        foreach (var x in new[] { 0.0, 2.0 })
        {
            var p = Softmax(
                parameter("b_muB_Intercept").Zip(parameter("b_muB_x"), (a, b) => a + b * x).ToArray(),
                parameter("b_muC_x_Intercept").Zip(parameter("b_muC_x_x"), (a, b) => a + b * x).ToArray());
            for (var k = 0; k < 3; k++)
            {
                var row = Assert.Single(rows, r => Number(r["x"]) == x && r["category"] == Labels[k]);
                Assert.Equal("share", row["quantity"]);
                Assert.Equal(p.Average(d => d[k]), Number(row["estimate"]), 1e-9);
            }
        }

        // Comparisons over the fit's 600 rows, each with its own group's effects: the average difference per draw.
        rows = Run("comparisons", "--contrast", "x=0,2", "--average-by", "");
        Assert.Equal(3, rows.Count);
        var units = Rows().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[2]).ToList();
        var effects = units.Distinct().ToDictionary(g => g, g => (B: parameter($"r_g__muB[{g},Intercept]"), C: parameter($"r_g__muC_x[{g},Intercept]")));
        double[][] At(double x, string g) => Softmax(
            parameter("b_muB_Intercept").Zip(parameter("b_muB_x"), (a, b) => a + b * x).Zip(effects[g].B, (e, u) => e + u).ToArray(),
            parameter("b_muC_x_Intercept").Zip(parameter("b_muC_x_x"), (a, b) => a + b * x).Zip(effects[g].C, (e, u) => e + u).ToArray());
        var perGroup = effects.Keys.ToDictionary(g => g, g => (High: At(2, g), Low: At(0, g)));
        for (var k = 0; k < 3; k++)
        {
            var expected = perGroup["g0"].High.Select((_, d) => units.Average(g => perGroup[g].High[d][k] - perGroup[g].Low[d][k])).Average();
            var row = Assert.Single(rows, r => r["category"] == Labels[k]);
            Assert.Equal("2 - 0", row["contrast"]);
            Assert.Equal(expected, Number(row["estimate"]), 1e-9);
        }

        // Shares of one distribution: their differences cancel. x raises B against A and lowers C_x.
        Assert.Equal(0, rows.Sum(r => Number(r["estimate"])), 1e-12);
        Assert.True(Number(rows.Single(r => r["category"] == "C_x")["upper"]) < 0);

        // linpred: each non-reference category's η, whose slope in x is that category's coefficient.
        rows = Run("slopes", "--wrt", "x", "--kind", "linpred", "--average-by", "");
        Assert.Equal(new[] { "B", "C_x" }, rows.Select(r => r["category"]));
        Assert.All(rows, r => Assert.Equal("eta", r["quantity"]));
        Assert.Equal(parameter("b_muB_x").Average(), Number(rows[0]["estimate"]), 1e-6);
        Assert.Equal(parameter("b_muC_x_x").Average(), Number(rows[1]["estimate"]), 1e-6);

        // pps: simulated respondents, whose shares still sum to 1 in every group.
        // Its figure colours the unordered categories with the qualitative palette of the stacked shares, not the ordered ramp.
        var figure = Path.Combine(temp.Path, "predictions.svg");
        var (drawn, _, drawError) = CliRunner.Run("predictions", fit, "--conditional", "x", "--at", "x=0,2", "--plot", figure, "--quiet");
        Assert.True(drawn == 0, drawError);
        var fills = MisterP.Tests.Plots.SvgMarks.Read(figure).Circles.Select(c => c.Fill).ToHashSet();
        for (var k = 0; k < 3; k++)
        {
            Assert.Contains(MisterP.Plots.CategorySharesPlot.UnorderedColour(k).ToStringRGB().ToUpperInvariant(), fills);
            Assert.DoesNotContain(MisterP.Plots.CategorySharesPlot.Colour(k, 3).ToStringRGB().ToUpperInvariant(), fills);
        }

        rows = Run("predictions", "--kind", "pps", "--average-by", "g");
        Assert.All(rows.GroupBy(r => r["g"]), g => Assert.Equal(1, g.Sum(r => Number(r["estimate"])), 9));

        var (code, _, message) = CliRunner.Run("predictions", fit, "--score", "1,2,3", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("categories are unordered", message);
    }

    [Fact]
    public void MultinomialCellsAverageOverTheirRespondentsAndCheckTheirCounts()
    {
        using var temp = new TempFolder();
        var fit = Path.Combine(temp.Path, "fit");
        var (exit, _, error) = CliRunner.Run(["fit", temp.File("c.csv", Counts()), "--formula", "cbind(A, B, C_x) ~ x + (1|g)", "--out", fit, .. Short]);
        Assert.True(exit == 0, error);
        var parameter = Draws(fit);

        // Averaged over the fit's cells, each cell counts its A + B + C_x respondents (600 in all), not once.
        var csv = Path.Combine(temp.Path, "p.csv");
        (exit, _, error) = CliRunner.Run("predictions", fit, "--average-by", "", "--out", csv, "--quiet");
        Assert.True(exit == 0, error);
        var rows = CsvRows(csv);
        var cells = Counts().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var sums = new double[parameter("b_muB_x").Length, 3];
        foreach (var cell in cells)
        {
            var x = Number(cell[0]);
            var n = cell.Skip(2).Sum(Number);
            var p = Softmax(
                parameter("b_muB_Intercept").Zip(parameter("b_muB_x"), (a, b) => a + b * x).Zip(parameter($"r_g__muB[{cell[1]},Intercept]"), (e, u) => e + u).ToArray(),
                parameter("b_muC_x_Intercept").Zip(parameter("b_muC_x_x"), (a, b) => a + b * x).Zip(parameter($"r_g__muC_x[{cell[1]},Intercept]"), (e, u) => e + u).ToArray());
            for (var d = 0; d < p.Length; d++)
            {
                for (var k = 0; k < 3; k++)
                {
                    sums[d, k] += n * p[d][k] / 600;
                }
            }
        }

        for (var k = 0; k < 3; k++)
        {
            var expected = Enumerable.Range(0, sums.GetLength(0)).Average(d => sums[d, k]);
            Assert.Equal(expected, Number(Assert.Single(rows, r => r["category"] == Labels[k])["estimate"]), 1e-9);
        }

        // ppc: the observed shares are the counts' (600 respondents), each draw replicates all of them.
        var svg = Path.Combine(temp.Path, "ppc.svg");
        var ppc = Path.Combine(temp.Path, "ppc.csv");
        (exit, _, error) = CliRunner.Run("plot", fit, "ppc", "--by", "", "--out", svg, "--out-csv", ppc);
        Assert.True(exit == 0, error);
        var table = MisterP.Output.CsvTable.Read(ppc, "ppc");
        Assert.Equal(3, table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var k = Array.IndexOf(Labels, row.Fields[table.IndexOf("category")]);
            Assert.Equal(600, table.Number(row, "units"));
            Assert.Equal(cells.Sum(c => Number(c[2 + k])) / 600, table.Number(row, "observed"), 12);
        }

        Assert.Equal(1, table.Rows.Sum(r => table.Number(r, "replicated_mean")), 9);
    }

    [Fact]
    public void PpcEstimatesFigureAndCompareTakeTheCategoriesShares()
    {
        using var temp = new TempFolder();
        var fit = Path.Combine(temp.Path, "fit");
        Assert.Equal(0, CliRunner.Run(["fit", temp.File("d.csv", Rows()), "--family", "categorical", "--formula", "choice ~ x + (1|g)", "--out", fit, .. Short]).Exit);

        // ppc by g: observed shares from the rows; diamonds and bars where the CSV says.
        var svg = Path.Combine(temp.Path, "ppc.svg");
        var ppc = Path.Combine(temp.Path, "ppc.csv");
        var (exit, _, error) = CliRunner.Run("plot", fit, "ppc", "--by", "", "--out", svg, "--out-csv", ppc);
        Assert.True(exit == 0, error);
        var table = MisterP.Output.CsvTable.Read(ppc, "ppc");
        Assert.Equal(3, table.Rows.Count);
        var choices = Rows().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToList();
        var marks = MisterP.Tests.Plots.SvgMarks.Read(svg);
        var axis = marks.Axis(horizontal: true);
        var tolerance = 0.75 * axis.PerPixel;
        foreach (var row in table.Rows)
        {
            var category = row.Fields[table.IndexOf("category")];
            Assert.Equal(choices.Count(c => c == category) / 600.0, table.Number(row, "observed"), 12);
            var label = marks.Texts.Single(t => t.Text == $"{category} (p={MisterP.Plots.PredictiveCheckPlot.PValueText(table.Number(row, "p_value"))})");
            var diamond = marks.Shapes.Single(sh => sh.Fill == "#D62728" && Math.Abs(sh.Points.Average(q => q.Y) - label.Y) < 1);
            Assert.True(Math.Abs(axis.ToData((diamond.Points.Min(q => q.X) + diamond.Points.Max(q => q.X)) / 2) - table.Number(row, "observed")) < tolerance, category + " observed");
            var bar = marks.Segments.Where(sg => sg.Stroke == "#1F77B4" && Math.Abs(sg.Y1 - label.Y) < 0.5 && Math.Abs(sg.Y2 - label.Y) < 0.5).ToList();
            Assert.True(Math.Abs(axis.ToData(bar.Min(sg => Math.Min(sg.X1, sg.X2))) - table.Number(row, "lower")) < tolerance, category + " lower");
            Assert.True(Math.Abs(axis.ToData(bar.Max(sg => Math.Max(sg.X1, sg.X2))) - table.Number(row, "upper")) < tolerance, category + " upper");
        }

        // The estimates figure of a share-only EST.csv stacks each group's shares in the categories' order, in the
        // qualitative palette of an unordered outcome (not the ordered ramp, which would read as low to high).
        var est = Path.Combine(temp.Path, "est.csv");
        (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", temp.File("frame.csv", Frame()), "--by", "g", "--by", "", "--out", est, "--quiet");
        Assert.True(exit == 0, error);
        var rows = CsvRows(est);
        var stacked = Path.Combine(temp.Path, "stacked.svg");
        (exit, _, error) = CliRunner.Run("plot", fit, "estimates", "--estimates", est, "--out", stacked);
        Assert.True(exit == 0, error);
        marks = MisterP.Tests.Plots.SvgMarks.Read(stacked);
        axis = marks.Axis(horizontal: true);
        tolerance = 0.75 * axis.PerPixel;
        foreach (var g in new[] { "g0", "g1", "g2", "g3" })
        {
            var label = marks.Label(g);
            var start = 0.0;
            for (var k = 0; k < 3; k++)
            {
                var share = Number(rows.Single(r => r["g"] == g && r["category"] == Labels[k])["estimate"]);
                var colour = MisterP.Plots.CategorySharesPlot.UnorderedColour(k).ToStringRGB().ToUpperInvariant();
                Assert.NotEqual(MisterP.Plots.CategorySharesPlot.Colour(k, 3).ToStringRGB().ToUpperInvariant(), colour);
                var bar = Assert.Single(marks.Shapes, sh => sh.Fill == colour && Math.Abs(sh.Points.Average(q => q.Y) - label.Y) < 2);
                Assert.True(Math.Abs(axis.ToData(bar.Points.Min(q => q.X)) - start) < tolerance, $"{g} {k} start");
                Assert.True(Math.Abs(axis.ToData(bar.Points.Max(q => q.X)) - (start + share)) < tolerance, $"{g} {k} end");
                start += share;
            }
        }

        // One category's share with --quantity share:B; the report takes the file too.
        (exit, _, error) = CliRunner.Run("plot", fit, "estimates", "--estimates", est, "--quantity", "share:B", "--out", Path.Combine(temp.Path, "b.svg"));
        Assert.True(exit == 0, error);
        (exit, _, error) = CliRunner.Run("report", fit, "--estimates", est, "--out", Path.Combine(temp.Path, "report.html"));
        Assert.True(exit == 0, error);

        // compare share:B against a truth column, with the raw sample's share of B per group.
        var truth = temp.File("truth.csv", "g,pB\n" + string.Concat(Enumerable.Range(0, 4).Select(g => $"g{g},0.{3 + g}\n")));
        var cmp = Path.Combine(temp.Path, "cmp.csv");
        (exit, _, error) = CliRunner.Run("compare", est, "--by", "g", "--raw", temp.File("raw.csv", Rows()), "--outcome", "choice",
            "--truth", truth, "--truth-column", "share:B=pB", "--out", cmp);
        Assert.True(exit == 0, error);
        var compared = CsvRows(cmp);
        Assert.Equal(4, compared.Count);
        var lines = Rows().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        foreach (var row in compared)
        {
            Assert.Equal("share", row["quantity"]);
            Assert.Equal("B", row["category"]);
            Assert.Equal(Number(rows.Single(r => r["g"] == row["g"] && r["category"] == "B")["estimate"]), Number(row["mrp"]), 9);
            var group = lines.Where(l => l[2] == row["g"]).ToList();
            Assert.Equal(group.Count(l => l[0] == "B") / (double)group.Count, Number(row["raw"]), 12);
            Assert.Equal(0.3 + 0.1 * int.Parse(row["g"][1..], CultureInfo.InvariantCulture), Number(row["truth"]), 12);
        }
    }

    [Fact]
    public void ContrastsArePerCategoryAndAgreeWithTheGroupsShares()
    {
        using var temp = new TempFolder();
        var fit = Path.Combine(temp.Path, "fit");
        Assert.Equal(0, CliRunner.Run(["fit", temp.File("d.csv", Rows()), "--family", "categorical", "--formula", "choice ~ x + (1|g)", "--out", fit, .. Short]).Exit);
        var estimates = Path.Combine(temp.Path, "est.csv");
        var draws = Path.Combine(temp.Path, "draws.csv");
        var (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", temp.File("frame.csv", Frame()), "--by", "g", "--contrast", "g=g3,g0", "--out", estimates, "--draws-out", draws, "--quiet");
        Assert.True(exit == 0, error);
        var rows = File.ReadAllLines(estimates).Skip(1).Select(l => l.Split(',')).ToList();
        // "g=g3,g0" is quoted in the by column, so split on ',' gives it in two fields: the contrast rows end the file.
        var contrasts = rows.Where(r => r[0].StartsWith("\"g=g3", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, contrasts.Count);
        foreach (var category in Labels)
        {
            var contrast = contrasts.Single(r => r[4] == category);
            Assert.Equal("share", contrast[3]);
            var share = (string g) => Number(rows.Single(r => r[1] == g && r[3] == category)[4]);
            // The mean of per-draw differences is the difference of the means.
            Assert.Equal(share("g3") - share("g0"), Number(contrast[5]), 9);
        }

        // g3 has the largest a_g: more B, less C_x than g0.
        Assert.True(Number(contrasts.Single(r => r[4] == "B")[5]) > 0);
        Assert.True(Number(contrasts.Single(r => r[4] == "C_x")[5]) < 0);
        Assert.Contains(File.ReadLines(draws), l => l.StartsWith("\"g=g3,g0\",,share,C_x,1,1,", StringComparison.Ordinal));
    }

    [Fact]
    public void PpsSimulatesEachCellsUnitsAroundTheExpectedShares()
    {
        using var temp = new TempFolder();
        var fit = Path.Combine(temp.Path, "fit");
        Assert.Equal(0, CliRunner.Run(["fit", temp.File("d.csv", Rows()), "--family", "categorical", "--formula", "choice ~ x + (1|g)", "--out", fit, .. Short]).Exit);
        var frame = temp.File("frame.csv", Frame());
        List<string[]> Poststrat(string kind, string name)
        {
            var path = Path.Combine(temp.Path, name);
            var (exit, _, error) = CliRunner.Run("poststrat", fit, "--frame", frame, "--by", "g", "--kind", kind, "--seed", "5", "--out", path, "--quiet");
            Assert.True(exit == 0, error);
            return File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToList();
        }

        var epred = Poststrat("epred", "e.csv");
        var pps = Poststrat("pps", "p.csv");
        Poststrat("pps", "p2.csv");
        // Same seed, same simulated units.
        Assert.Equal(File.ReadAllText(Path.Combine(temp.Path, "p.csv")), File.ReadAllText(Path.Combine(temp.Path, "p2.csv")));
        foreach (var group in pps.GroupBy(r => r[1]))
        {
            // Simulated whole units: the shares still sum to 1 in every draw.
            Assert.Equal(1.0, group.Sum(r => Number(r[4])), 9);
        }

        // 600 simulated people per group add sampling noise to every share: pps sds exceed epred's.
        for (var i = 0; i < epred.Count; i++)
        {
            Assert.True(Number(pps[i][5]) > Number(epred[i][5]), $"{string.Join(",", pps[i])} vs {string.Join(",", epred[i])}");
        }
    }
}
