using System.Globalization;
using System.Text;
using System.Text.Json;
using MisterP.Checking;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// A cumulative fit through every command that reads a fit folder: summary, poststrat, frame check, predictions,
/// comparisons, slopes, every plot (calibration refused: binary only), report, LOO (per respondent and per cell).
/// </summary>
public sealed class OrdinalCommandsCliTests
{
    internal static readonly string[] Words = ["low", "mid", "high", "top"];

    /// <summary>240 rows from a cumulative logit with thresholds (−1, 0, 1) and η = 0.8·x + a_g, x in 0..2, four groups.</summary>
    internal static string Data()
    {
        var random = new Random(11);
        var effects = new[] { -0.6, -0.2, 0.2, 0.6 };
        var thresholds = new[] { -1.0, 0.0, 1.0 };
        var csv = new StringBuilder("rating,x,g\n");
        for (var i = 0; i < 240; i++)
        {
            var g = i % 4;
            var x = random.Next(3);
            var eta = 0.8 * x + effects[g];
            var u = random.NextDouble();
            var y = thresholds.Count(c => u > 1 / (1 + Math.Exp(-(c - eta))));
            csv.Append(Words[y]).Append(',').Append(x).Append(",g").Append(g).Append('\n');
        }

        return csv.ToString();
    }

    internal static string Fit(TempFolder temp, string data)
    {
        var dir = Path.Combine(temp.Path, "fit");
        var (exit, _, error) = CliRunner.Run("fit", data, "--family", "cumulative", "--formula", "rating ~ x + (1|g)", "--levels", "rating=low,mid,high,top",
            "--out", dir, "--chains", "2", "--warmup", "200", "--draws", "200", "--seed", "3", "--quiet");
        Assert.True(exit == 0, error);
        return dir;
    }

    [Fact]
    public void LooOfACumulativeFitEqualsLooOverItsRespondentsAndCells()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data());
        var dir = Fit(temp, data);
        var json = CliRunner.Run("loo", dir, "--format", "json");
        Assert.True(json.Exit == 0, json.Error);
        var model = JsonDocument.Parse(json.Output).RootElement.GetProperty("models")[0];
        Assert.Equal(240, model.GetProperty("observations").GetDouble());
        Assert.True(model.GetProperty("pointwise_values").GetInt32() <= 12 * 4); // (cell, category) pairs, not 240 rows

        // log P(y = k | row) per draw, computed here from draws.csv: σ(c_k − η) − σ(c_{k−1} − η).
        var draws = MisterP.Workflow.SavedFit.Load(dir).Draws!;
        double[] Parameter(string name) => draws.Parameter(draws.ParameterNames.ToList().IndexOf(name)).SelectMany(c => c).ToArray();
        var cuts = Enumerable.Range(1, 3).Select(k => Parameter($"b_Intercept[{k}]")).ToArray();
        var slope = Parameter("b_x");
        double Cdf(int k, double eta, int d) => k < 0 ? 0 : k >= 3 ? 1 : 1 / (1 + Math.Exp(-(cuts[k][d] - eta)));
        var rows = Data().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        double[] LogP(string[] f, int k)
        {
            var x = double.Parse(f[1], CultureInfo.InvariantCulture);
            var group = Parameter($"r_g[{f[2]},Intercept]");
            return slope.Select((b, d) =>
            {
                var eta = b * x + group[d];
                return Math.Log(Cdf(k, eta, d) - Cdf(k - 1, eta, d));
            }).ToArray();
        }

        var columns = rows.Select(f => LogP(f, Array.IndexOf(Words, f[0]))).ToList();
        var matrix = new LogLikelihoodMatrix(columns, columns.Select((_, i) => $"r{i}").ToArray(), chains: 2);
        var expanded = PsisLoo.Compute(matrix);
        var waic = Waic.Compute(matrix);
        static void Close(double expected, JsonElement actual, string what) =>
            Assert.True(Math.Abs(expected - actual.GetDouble()) <= 1e-8 * Math.Max(1, Math.Abs(expected)), $"{what}: {expected} vs {actual}");
        Close(expanded.ElpdLoo.Value, model.GetProperty("elpd_loo").GetProperty("estimate"), "elpd_loo");
        Close(expanded.PLoo.Value, model.GetProperty("p_loo").GetProperty("estimate"), "p_loo");
        Close(waic.ElpdWaic.Value, model.GetProperty("elpd_waic").GetProperty("estimate"), "elpd_waic");

        // --unit cell: one multinomial density per cell, log(n!/∏n_k!) + Σ n_k log P(y = k).
        var cells = CliRunner.Run("loo", dir, "--unit", "cell", "--format", "json");
        Assert.True(cells.Exit == 0, cells.Error);
        var cellModel = JsonDocument.Parse(cells.Output).RootElement.GetProperty("models")[0];
        Assert.Equal(12, cellModel.GetProperty("observations").GetDouble());
        var cellColumns = rows.GroupBy(f => f[1] + "," + f[2]).Select(g =>
        {
            var first = g.First();
            var counts = Words.Select(w => g.Count(f => f[0] == w)).ToArray();
            var coefficient = MathNet.Numerics.SpecialFunctions.FactorialLn(g.Count()) - counts.Sum(n => MathNet.Numerics.SpecialFunctions.FactorialLn(n));
            var total = Enumerable.Repeat(coefficient, slope.Length).ToArray();
            for (var k = 0; k < 4; k++)
            {
                var logP = LogP(first, k);
                for (var d = 0; d < total.Length; d++)
                {
                    total[d] += counts[k] == 0 ? 0 : counts[k] * logP[d];
                }
            }

            return total;
        }).ToList();
        var cellWaic = Waic.Compute(new LogLikelihoodMatrix(cellColumns, cellColumns.Select((_, i) => $"c{i}").ToArray(), chains: 2));
        Close(cellWaic.ElpdWaic.Value, cellModel.GetProperty("elpd_waic").GetProperty("estimate"), "cell elpd_waic");
    }

    [Fact]
    public void EveryFitCommandHandlesACumulativeFit()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data());
        var frame = temp.File("frame.csv", "x,g,n\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{i % 3},g{i / 3},{100 + i}\n")));
        var dir = Fit(temp, data);

        // The folder stores its cells (with the category counts) and the row → cell index, each under a checksum.
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "model.json"))))
        {
            var stored = json.RootElement.GetProperty("cells").ToString();
            Assert.Contains(MisterP.Workflow.FitFiles.Cells, stored);
            Assert.Contains(MisterP.Workflow.FitFiles.RowCells, stored);
        }

        var design = MisterP.Workflow.FitData.Load(MisterP.Workflow.SavedFit.Load(dir), "test");
        Assert.Equal(Words, design.Design.Response.Categories);
        Assert.Equal(240, design.Design.Response.CategoryCounts!.Sum());

        void Ok(params string[] args)
        {
            var (exit, _, error) = CliRunner.Run(args);
            Assert.True(exit == 0, $"{string.Join(' ', args)}: {error}");
        }

        void Refused(string message, params string[] args)
        {
            var (exit, _, error) = CliRunner.Run(args);
            Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}: {error}");
            Assert.Contains(message, error);
        }

        Ok("summary", dir);
        var estimates = Path.Combine(temp.Path, "est.csv");
        Ok("poststrat", dir, "--frame", frame, "--weight", "n", "--by", "g", "--out", estimates, "--quiet");
        Ok("frame", "check", dir, frame);

        // A frame level the fit never saw is refused (nothing written) unless --allow-new-levels, as for binary fits.
        var fresh = temp.File("fresh.csv", "x,g,n\n1,g9,100\n");
        var freshOut = Path.Combine(temp.Path, "fresh_est.csv");
        Refused("g9", "poststrat", dir, "--frame", fresh, "--weight", "n", "--out", freshOut, "--quiet");
        Assert.False(File.Exists(freshOut));
        Ok("poststrat", dir, "--frame", fresh, "--weight", "n", "--out", freshOut, "--quiet", "--allow-new-levels");
        var report = Path.Combine(temp.Path, "report.html");
        Ok("report", dir, "--out", report, "--estimates", estimates);
        var html = File.ReadAllText(report);
        Assert.DoesNotContain("LOO was not computed", html);
        Assert.Contains("over 240 respondents", html);

        // The ordinal sections: stacked category shares, the mean score per group, the category-share predictive check.
        Assert.Contains("Post-stratified share of each category of rating per group", html);
        Assert.Contains("Estimates of the mean by g", html);
        Assert.Contains("Posterior predictive check by g: per category of rating", html);
        Ok("plot", dir, "estimates", "--estimates", estimates, "--out", Path.Combine(temp.Path, "est.svg"));
        Ok("plot", dir, "effects", "--out", Path.Combine(temp.Path, "effects.svg"));
        Ok("plot", dir, "trace", "--out", Path.Combine(temp.Path, "trace.svg"));
        Ok("plot", dir, "rank", "--out", Path.Combine(temp.Path, "rank.svg"));
        Ok("plot", dir, "estimates", "--estimates", estimates, "--quantity", "mean", "--out", Path.Combine(temp.Path, "mean.svg"));
        Ok("loo", dir);
        Ok("loo", dir, "--unit", "cell");
        Ok("summary", dir, "--format", "json");

        // Calibration bins predicted probabilities of a binary outcome: a clear refusal, nothing written.
        Refused("for binary or binomial outcomes", "plot", dir, "calibration", "--out", Path.Combine(temp.Path, "cal.svg"));
        Assert.False(File.Exists(Path.Combine(temp.Path, "cal.svg")));
        Ok("plot", dir, "ppc", "--by", "g", "--out", Path.Combine(temp.Path, "ppc.svg"), "--out-csv", Path.Combine(temp.Path, "ppc.csv"));
        Ok("predictions", dir, "--conditional", "x", "--out", Path.Combine(temp.Path, "p.csv"), "--plot", Path.Combine(temp.Path, "p.svg"), "--quiet");
        Ok("predictions", dir, "--kind", "pps", "--average-by", "g", "--score", "1,2,3,5", "--quiet");
        Ok("predictions", dir, "--kind", "linpred", "--conditional", "g", "--quiet");
        Ok("comparisons", dir, "--contrast", "x", "--average-by", "g", "--out", Path.Combine(temp.Path, "c.csv"), "--plot", Path.Combine(temp.Path, "c.svg"), "--quiet");
        Ok("slopes", dir, "--wrt", "x", "--conditional", "g", "--out", Path.Combine(temp.Path, "s.csv"), "--plot", Path.Combine(temp.Path, "s.svg"), "--quantity", "mean", "--quiet");
    }

    [Theory]
    [InlineData("b_Intercept[1]", "b_Intercept.1")]
    [InlineData("b_Intercept[12]", "b_Intercept.12")]
    [InlineData("r_state[AL,Intercept]", "r_state__AL__Intercept")]
    [InlineData("r_g[1,Intercept]", "r_g__1__Intercept")]
    [InlineData("sd_g__Intercept", "sd_g__Intercept")]
    public void CmdStanColumnsWriteIntegerIndicesAsCmdStanDoes(string name, string column) =>
        Assert.Equal(column, MisterP.Output.CmdStanCsv.ColumnName(name));

    [Fact]
    public void SummaryOfACumulativeFitsCmdStanFilesNamesTheThresholdsAsCmdStanDoes()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.csv", Data());
        var dir = Path.Combine(temp.Path, "fit");
        var fit = CliRunner.Run("fit", data, "--family", "cumulative", "--formula", "rating ~ x + (1|g)", "--levels", "rating=low,mid,high,top",
            "--out", dir, "--chains", "2", "--warmup", "150", "--draws", "100", "--seed", "3", "--quiet", "--cmdstan-csv");
        Assert.True(fit.Exit == 0, fit.Error);
        var folder = CliRunner.Run("summary", dir, "--format", "csv");
        var files = CliRunner.Run("summary", Path.Combine(dir, "output_1.csv"), Path.Combine(dir, "output_2.csv"), "--format", "csv");
        Assert.True(files.Exit == 0, files.Error);
        string[] Row(string csv, string name) => csv.Split('\n').Select(l => l.TrimEnd('\r').Split(',')).Single(f => f[0].Trim('"') == name);
        for (var k = 1; k <= 3; k++)
        {
            // Same draws, same numbers: only the name differs (brms's b_Intercept[k] in the folder, CmdStan's b_Intercept.k in its files).
            Assert.Equal(Row(folder.Output, $"b_Intercept[{k}]").Skip(1), Row(files.Output, $"b_Intercept.{k}").Skip(1));
        }
    }

    [Fact]
    public void BatchRunsAnOrdinalJobWithLevelsScoreAndTop()
    {
        using var temp = new TempFolder();
        temp.File("d.csv", Data());
        temp.File("frame.csv", "x,g,n\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{i % 3},g{i / 3},{100 + i}\n")));
        var manifest = temp.File("m.json", """
            {"defaults": {"data": "d.csv", "frame": "frame.csv", "formula": "rating ~ x + (1|g)", "by": ["g"], "chains": 2, "warmup": 150, "draws": 100},
             "jobs": [{"id": "ord", "family": "cumulative", "levels": ["rating=low,mid,high,top"], "top": "2", "score": "1,2,3,5"}]}
            """);
        var (exit, _, error) = CliRunner.Run("batch", "run", manifest, "--out", Path.Combine(temp.Path, "b"));
        Assert.True(exit == 0, error);
        var collected = Path.Combine(temp.Path, "all.csv");
        (exit, _, error) = CliRunner.Run("batch", "collect", Path.Combine(temp.Path, "b"), "--out", collected);
        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(collected);
        var header = lines[0].Split(',').ToList();
        var quantity = header.IndexOf("quantity");
        var category = header.IndexOf("category");
        Assert.True(quantity >= 0 && category >= 0, lines[0]);

        // Per group: the four shares in the --levels order, the mean on the given scores and the top-2 share.
        var rows = lines.Skip(1).Select(l => System.Text.RegularExpressions.Regex.Split(l, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")).ToList();
        Assert.Equal(4 * 6, rows.Count);
        Assert.Equal(Words, rows.Where(r => r[quantity] == "share").Take(4).Select(r => r[category]));
        Assert.Equal(4, rows.Count(r => r[quantity] == "top_2"));
        Assert.Equal(4, rows.Count(r => r[quantity] == "mean"));
    }
}
