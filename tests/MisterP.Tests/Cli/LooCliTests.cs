using System.Globalization;
using System.Text.Json;
using MisterP.Checking;
using MisterP.Tests.Checking;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary><c>mrp loo</c> end to end: fit folders, --log-lik matrices, comparisons and bad input.</summary>
public sealed class LooCliTests
{
    // 40 respondents in 3 states with a 0/1 outcome: aggregated into 6 binomial cells.
    private static string Survey()
    {
        var rows = new System.Text.StringBuilder("y,state,male\n");
        var states = new[] { "CA", "TX", "NY" };
        for (var i = 0; i < 40; i++)
        {
            var y = (i * 7 % 5) < 2 ? 1 : 0;
            rows.Append(CultureInfo.InvariantCulture, $"{y},{states[i % 3]},{(i % 2 == 0 ? 0.5 : -0.5)}\n");
        }

        return rows.ToString();
    }

    private static string Fit(TempFolder temp, string data, string formula, string name, params string[] extra)
    {
        var dir = Path.Combine(temp.Path, name);
        var fit = CliRunner.Run(["fit", data, "--formula", formula, "--out", dir, "--chains", "2", "--warmup", "200", "--draws", "300", "--seed", "5", "--quiet", .. extra]);
        Assert.True(fit.Exit == 0, fit.Error);
        return dir;
    }

    [Fact]
    public void RespondentLooFromCellsEqualsLooOverTheExpandedRows()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey());
        var dir = Fit(temp, data, "y ~ male + (1|state)", "fit");
        var json = CliRunner.Run("loo", dir, "--format", "json");
        Assert.True(json.Exit == 0, json.Error);
        var model = JsonDocument.Parse(json.Output).RootElement.GetProperty("models")[0];
        Assert.Equal(40, model.GetProperty("observations").GetDouble());
        Assert.True(model.GetProperty("pointwise_values").GetInt32() <= 12); // 6 cells × 2 outcomes, not 40 rows

        // The same LOO over one column per respondent, its log-likelihood computed here from draws.csv.
        var draws = MisterP.Workflow.SavedFit.Load(dir).Draws!;
        double[] Parameter(string name) => draws.Parameter(draws.ParameterNames.ToList().IndexOf(name)).SelectMany(c => c).ToArray();
        var intercept = Parameter("b_Intercept");
        var slope = Parameter("b_male");
        var columns = new List<double[]>();
        foreach (var line in Survey().Split('\n').Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',');
            var y = double.Parse(f[0], CultureInfo.InvariantCulture);
            var male = double.Parse(f[2], CultureInfo.InvariantCulture);
            var state = Parameter($"r_state[{f[1]},Intercept]");
            columns.Add(intercept.Select((b0, d) =>
            {
                var eta = b0 + slope[d] * male + state[d];
                var p = 1 / (1 + Math.Exp(-eta));
                return y == 1 ? Math.Log(p) : Math.Log(1 - p);
            }).ToArray());
        }

        var expanded = PsisLoo.Compute(new LogLikelihoodMatrix(columns, columns.Select((_, i) => $"r{i}").ToArray(), chains: 2));
        var waic = Waic.Compute(new LogLikelihoodMatrix(columns, columns.Select((_, i) => $"r{i}").ToArray(), chains: 2));
        static void Close(double expected, JsonElement actual, string what) =>
            Assert.True(Math.Abs(expected - actual.GetDouble()) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: {expected} vs {actual}");
        Close(expanded.ElpdLoo.Value, model.GetProperty("elpd_loo").GetProperty("estimate"), "elpd_loo");
        Close(expanded.ElpdLoo.Se, model.GetProperty("elpd_loo").GetProperty("se"), "se elpd_loo");
        Close(expanded.PLoo.Value, model.GetProperty("p_loo").GetProperty("estimate"), "p_loo");
        Close(expanded.LooIc.Se, model.GetProperty("looic").GetProperty("se"), "se looic");
        Close(waic.ElpdWaic.Value, model.GetProperty("elpd_waic").GetProperty("estimate"), "elpd_waic");
        Assert.Equal(expanded.ParetoK.Bands.Select(b => b.Count), model.GetProperty("pareto_k").EnumerateArray().Select(b => b.GetProperty("count").GetDouble()));

        // --unit cell: one value per cell, the binomial density with log C(n, y); it differs from the respondent total.
        var cells = CliRunner.Run("loo", dir, "--unit", "cell", "--format", "json");
        Assert.True(cells.Exit == 0, cells.Error);
        var cellModel = JsonDocument.Parse(cells.Output).RootElement.GetProperty("models")[0];
        Assert.Equal(6, cellModel.GetProperty("observations").GetDouble());

        // The same from the respondents' columns: a cell's value is the sum of its respondents' plus log C(n, y).
        var respondents = Survey().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var cellColumns = respondents.Select((f, r) => (Key: f[1] + f[2], Row: r, Y: f[0] == "1")).GroupBy(x => x.Key).Select(g =>
        {
            var n = g.Count();
            var y = g.Count(x => x.Y);
            var constant = MathNet.Numerics.SpecialFunctions.BinomialLn(n, y);
            return intercept.Select((_, d) => constant + g.Sum(x => columns[x.Row][d])).ToArray();
        }).ToList();
        var cellLoo = PsisLoo.Compute(new LogLikelihoodMatrix(cellColumns, cellColumns.Select((_, i) => $"c{i}").ToArray(), chains: 2));
        Close(cellLoo.ElpdLoo.Value, cellModel.GetProperty("elpd_loo").GetProperty("estimate"), "cell elpd_loo");
        Close(cellLoo.ElpdLoo.Se, cellModel.GetProperty("elpd_loo").GetProperty("se"), "cell se elpd_loo");
    }

    [Fact]
    public void GaussianRowsAreCheckedOneByOneAndAggregatedGaussianFitsAreRefused()
    {
        using var temp = new TempFolder();
        var rows = new System.Text.StringBuilder("y,state,male\n");
        for (var i = 0; i < 30; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"{Math.Sin(i) + (i % 3):R},{"ABC"[i % 3]},{(i % 2 == 0 ? 0.5 : -0.5)}\n");
        }

        var data = temp.File("g.csv", rows.ToString());
        var dir = Fit(temp, data, "y ~ male + (1|state)", "rows", "--family", "gaussian", "--no-aggregate");
        var result = CliRunner.Run("loo", dir, "--format", "json");
        Assert.True(result.Exit == 0, result.Error);
        var model = JsonDocument.Parse(result.Output).RootElement.GetProperty("models")[0];

        var draws = MisterP.Workflow.SavedFit.Load(dir).Draws!;
        double[] Parameter(string name) => draws.Parameter(draws.ParameterNames.ToList().IndexOf(name)).SelectMany(c => c).ToArray();
        var sigma = Parameter("sigma");
        var columns = rows.ToString().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var f = l.Split(',');
            var y = double.Parse(f[0], CultureInfo.InvariantCulture);
            var male = double.Parse(f[2], CultureInfo.InvariantCulture);
            var b0 = Parameter("b_Intercept");
            var b1 = Parameter("b_male");
            var u = Parameter($"r_state[{f[1]},Intercept]");
            return sigma.Select((sd, d) =>
            {
                var z = (y - (b0[d] + b1[d] * male + u[d])) / sd;
                return -0.5 * Math.Log(2 * Math.PI) - Math.Log(sd) - 0.5 * z * z;
            }).ToArray();
        }).ToList();
        var expected = PsisLoo.Compute(new LogLikelihoodMatrix(columns, columns.Select((_, i) => $"r{i}").ToArray(), chains: 2));
        var actual = model.GetProperty("elpd_loo");
        Assert.Equal(expected.ElpdLoo.Value, actual.GetProperty("estimate").GetDouble(), 1e-8);
        Assert.Equal(expected.ElpdLoo.Se, actual.GetProperty("se").GetDouble(), 1e-8);

        var aggregated = Fit(temp, temp.File("g2.csv", "y,state\n1.5,A\n2.5,A\n0.5,B\n1.0,B\n3.0,C\n2.0,C\n"), "y ~ 1 + (1|state)", "cells", "--family", "gaussian");
        var refused = CliRunner.Run("loo", aggregated);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--no-aggregate", refused.Error);
    }

    [Fact]
    public void NestedFitsAreComparedOnTheSameRespondentsAndDifferentDataIsRefused()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey());
        var full = Fit(temp, data, "y ~ male + (1|state)", "full");
        var small = Fit(temp, data, "y ~ 1 + (1|state)", "small");
        var compare = CliRunner.Run("loo", full, small, "--format", "csv", "--weights", "pseudo-bma+", "--seed", "3");
        Assert.True(compare.Exit == 0, compare.Error);
        Assert.Contains("elpd_diff", compare.Output);
        Assert.Contains("weight_pseudo-bma+", compare.Output);
        Assert.Equal(compare.Output, CliRunner.Run("loo", full, small, "--format", "csv", "--weights", "pseudo-bma+", "--seed", "3").Output);

        var other = temp.File("t.csv", Survey().Replace("\n1,CA", "\n0,CA"));
        var different = Fit(temp, other, "y ~ 1 + (1|state)", "other");
        var refused = CliRunner.Run("loo", full, different);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("not fitted to the same data", refused.Error);
    }

    [Fact]
    public void ReportHasModelCheckingAndComparesFits()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey());
        var full = Fit(temp, data, "y ~ male + (1|state)", "full");
        var small = Fit(temp, data, "y ~ 1 + (1|state)", "small");
        var html = Path.Combine(temp.Path, "r.html");
        var report = CliRunner.Run("report", full, "--compare-fits", small, "--out", html);
        Assert.True(report.Exit == 0, report.Error);
        var text = File.ReadAllText(html);
        Assert.Contains("<h2>Model checking</h2>", text);
        Assert.Contains("Pareto k diagnostic, full", text);
        Assert.Contains("Comparison (loo_compare: best first)", text);
        Assert.Contains("Model weights (stacking)", text);

        // The elpd_loo shown is mrp loo's.
        var loo = JsonDocument.Parse(CliRunner.Run("loo", full, "--format", "json").Output).RootElement.GetProperty("models")[0];
        Assert.Contains(loo.GetProperty("elpd_loo").GetProperty("estimate").GetDouble().ToString("0.0", CultureInfo.InvariantCulture), text);

        var other = temp.File("t.csv", Survey().Replace("\n1,CA", "\n0,CA"));
        var different = Fit(temp, other, "y ~ 1 + (1|state)", "other");
        var refused = CliRunner.Run("report", full, "--compare-fits", different, "--out", Path.Combine(temp.Path, "r2.html"));
        Assert.Equal(2, refused.Exit);
        Assert.False(File.Exists(Path.Combine(temp.Path, "r2.html")));
    }

    [Fact]
    public void LogLikFileReproducesLoo251()
    {
        var path = LooGolden.Path("loglik.csv");
        var result = CliRunner.Run("loo", "--log-lik", path, "--format", "json");
        Assert.True(result.Exit == 0, result.Error);
        var model = JsonDocument.Parse(result.Output).RootElement.GetProperty("models")[0];
        var expected = LooGolden.Keyed("loo_estimates.csv");
        var elpd = LooGolden.D(expected["elpd_loo"]["estimate"]);
        Assert.True(Math.Abs(elpd - model.GetProperty("elpd_loo").GetProperty("estimate").GetDouble()) < 1e-8 * Math.Abs(elpd));
        Assert.Equal(JsonValueKind.Null, model.GetProperty("mcse_elpd_loo").ValueKind);
    }

    [Fact]
    public void BadLogLikValuesAndMlFitsExitWith2()
    {
        using var temp = new TempFolder();
        var bad = temp.File("ll.csv", "draw,a,b\n1,-0.5,-1\n2,-0.7,oops\n3,-0.2,-1.1\n");
        var result = CliRunner.Run("loo", "--log-lik", bad);
        Assert.Equal(2, result.Exit);
        Assert.Contains("line 3, column 'b'", result.Error);

        var infinite = temp.File("inf.csv", "a,b\n-0.5,-1\n-0.7,-Infinity\n");
        Assert.Contains("not a finite number", CliRunner.Run("loo", "--log-lik", infinite).Error);

        var data = temp.File("s.csv", Survey());
        var ml = Path.Combine(temp.Path, "ml");
        Assert.Equal(0, CliRunner.Run("fit", data, "--formula", "y ~ male", "--method", "ml", "--out", ml, "--quiet").Exit);
        var noDraws = CliRunner.Run("loo", ml);
        Assert.Equal(2, noDraws.Exit);
        Assert.Contains("no posterior draws", noDraws.Error);
    }
}
