using System.Globalization;
using System.Text.Json;
using MisterP.Checking;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// <c>mrp kfold</c> end to end on a small fit: same result for any thread count, held-out values that equal a hand
/// computation from the draws, and clear refusals (exit 2) that only suggest options kfold has.
/// </summary>
public sealed class KfoldCliTests
{
    private static readonly string[] States = ["CA", "TX", "NY", "WA"];

    // 64 respondents in 4 states with a 0/1 outcome: aggregated into 8 binomial cells.
    private static string Survey()
    {
        var rows = new System.Text.StringBuilder("y,state,male\n");
        for (var i = 0; i < 64; i++)
        {
            var y = (i * 7 % 5) < 2 + (i % 4 == 1 ? 1 : 0) ? 1 : 0;
            rows.Append(CultureInfo.InvariantCulture, $"{y},{States[i % 4]},{(i % 2 == 0 ? 0.5 : -0.5)}\n");
        }

        return rows.ToString();
    }

    private static string Fit(TempFolder temp, string name, params string[] extra)
    {
        var data = temp.File("s.csv", Survey());
        var dir = Path.Combine(temp.Path, name);
        var fit = CliRunner.Run(["fit", data, "--out", dir, "--chains", "2", "--warmup", "150", "--draws", "150", "--seed", "5", "--quiet", .. extra]);
        Assert.True(fit.Exit == 0, fit.Error);
        return dir;
    }

    [Fact]
    public void SameSeedGivesTheSameResultForAnyThreadCount()
    {
        using var temp = new TempFolder();
        var dir = Fit(temp, "fit", "--formula", "y ~ male + (1|state)");
        string Run(string threads, string name)
        {
            var path = Path.Combine(temp.Path, name);
            var result = CliRunner.Run("kfold", dir, "--by", "state", "--folds", "2", "--seed", "3", "--threads", threads, "--out", path);
            Assert.True(result.Exit == 0, result.Error);
            Assert.Contains("elpd_kfold", result.Output, StringComparison.Ordinal);
            Assert.Contains("drawn fresh from N(0, sd)", result.Output, StringComparison.Ordinal);
            return File.ReadAllText(path);
        }

        var one = Run("1", "one.csv");
        Assert.Equal(one, Run("2", "two.csv"));
        var rows = one.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        // Every respondent is held out by exactly one of the two folds, and the counts add up to the 64 respondents.
        Assert.Equal(64, rows.Sum(r => double.Parse(r[2], CultureInfo.InvariantCulture)));
        Assert.All(rows, r => Assert.Contains(r[3], new[] { "1", "2" }));
        Assert.Equal(2, rows.Select(r => r[3]).Distinct().Count());

        // A different seed gives different folds or refits.
        var other = CliRunner.Run("kfold", dir, "--by", "state", "--folds", "2", "--seed", "4", "--out", Path.Combine(temp.Path, "four.csv"));
        Assert.True(other.Exit == 0, other.Error);
        Assert.NotEqual(one, File.ReadAllText(Path.Combine(temp.Path, "four.csv")));
    }

    [Fact]
    public void HeldOutValuesEqualAHandComputationFromTheDraws()
    {
        using var temp = new TempFolder();
        var dir = Fit(temp, "fit", "--formula", "y ~ male + (1|state)");
        var fit = SavedFit.Load(dir);
        var design = FitData.Load(fit, "test").Design;
        var draws = fit.Draws!;
        var columns = FitLogLikelihood.Columns(FitData.Load(fit, "test"), LooUnit.Respondent);
        double[] Parameter(string name) => draws.Parameter(draws.ParameterNames.ToList().IndexOf(name)).SelectMany(c => c).ToArray();
        var intercept = Parameter("b_Intercept");
        var slope = Parameter("b_male");
        var sd = Parameter("sd_state__Intercept");
        var state = design.GroupTerms[0];
        var ca = state.Levels.ToList().IndexOf("CA");
        var heldOut = Enumerable.Range(0, design.CellCount).Where(c => state.LevelIndex[c] == ca).ToList();
        var seen = state.Levels.Select((_, l) => l != ca).ToArray();

        var values = HeldOutLogLikelihood.Evaluate(design, draws, columns, heldOut, [seen], seed: 11);
        var lpd = HeldOutLogLikelihood.Evaluate(design, draws, columns, Enumerable.Range(0, design.CellCount).ToList(), null, seed: 11);

        // The held-out level's effect: in each draw sd_s·z_s, z_s standard normal (checked by its moments below).
        var parameters = MisterP.Poststrat.PosteriorParameters.From(MisterP.Design.ModelShape.Of(design), draws);
        var fresh = new MisterP.Poststrat.NewLevelEffects(parameters, 11).For(0, "CA");
        var z = fresh.Select((u, d) => u / sd[d]).ToArray();
        Assert.InRange(z.Average(), -4 / Math.Sqrt(z.Length), 4 / Math.Sqrt(z.Length));
        Assert.InRange(z.Select(v => v * v).Average(), 1 - 4 * Math.Sqrt(2.0 / z.Length), 1 + 4 * Math.Sqrt(2.0 / z.Length));

        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            var male = design.FixedEffects.X[column.Cell * design.FixedEffects.ColumnCount + 1];
            var own = Parameter($"r_state[{state.Levels[state.LevelIndex[column.Cell]]},Intercept]");
            double Hand(double[] effect) => Math.Log(intercept.Select((b0, d) =>
            {
                var p = 1 / (1 + Math.Exp(-(b0 + slope[d] * male + effect[d])));
                return column.Outcome == 1 ? p : 1 - p;
            }).Average());

            Assert.Equal(Hand(own), lpd[c], 1e-10);
            if (heldOut.Contains(column.Cell))
            {
                Assert.Equal(Hand(fresh), values[c], 1e-10);
            }
            else
            {
                Assert.True(double.IsNaN(values[c]));
            }
        }
    }

    [Fact]
    public void TrainingCellsLeaveTheHeldOutGroupOutAndKeepItsLevel()
    {
        using var temp = new TempFolder();
        var dir = Fit(temp, "fit", "--formula", "y ~ male + (1|state)");
        var design = FitData.Load(SavedFit.Load(dir), "test").Design;
        var train = Enumerable.Range(0, design.CellCount).Where(c => design.GroupTerms[0].LevelIndex[c] != 0).ToList();
        var subset = CellSubset.Of(design, train);
        Assert.Equal(train.Count, subset.CellCount);
        Assert.DoesNotContain(0, subset.GroupTerms[0].LevelIndex);
        Assert.Equal(design.GroupTerms[0].Levels, subset.GroupTerms[0].Levels);
        Assert.Equal(train.Sum(c => design.Response.Trials[c]), subset.Response.Trials.Sum());
        Assert.Equal(train.Select(c => design.FixedEffects.X[c * 2 + 1]), Enumerable.Range(0, subset.CellCount).Select(r => subset.FixedEffects.X[r * 2 + 1]));
    }

    [Fact]
    public void GroupedFoldsAreSeededBalancedAndCoverEveryLevel()
    {
        var levels = Enumerable.Range(0, 50).Select(i => $"s{i}").ToList();
        var a = FoldAssignment.Grouped("state", levels, 10, 7);
        Assert.Equal(a.Folds.Select(f => f.ToList()), FoldAssignment.Grouped("state", levels, 10, 7).Folds.Select(f => f.ToList()));
        Assert.NotEqual(a.Folds.Select(f => string.Join(",", f)), FoldAssignment.Grouped("state", levels, 10, 8).Folds.Select(f => string.Join(",", f)));
        Assert.All(a.Folds, f => Assert.Equal(5, f.Count));
        Assert.Equal(levels.OrderBy(l => l, StringComparer.Ordinal), a.Folds.SelectMany(f => f).OrderBy(l => l, StringComparer.Ordinal));
        Assert.Equal(50, FoldAssignment.LeaveOneGroupOut("state", levels).Count);
        Assert.Throws<UserInputException>(() => FoldAssignment.Grouped("state", levels, 51, 7));
    }

    [Fact]
    public void RefusesWhatItCannotCrossValidateSuggestingOnlyItsOwnOptions()
    {
        using var temp = new TempFolder();
        var dir = Fit(temp, "fit", "--formula", "y ~ male + (1|state)");

        var notAGroup = CliRunner.Run("kfold", dir, "--by", "male");
        Assert.Equal(2, notAGroup.Exit);
        Assert.Contains("grouping factors: state", notAGroup.Error, StringComparison.Ordinal);

        var tooMany = CliRunner.Run("kfold", dir, "--by", "state", "--folds", "9");
        Assert.Equal(2, tooMany.Exit);
        Assert.Contains("give 2 to 4 folds", tooMany.Error, StringComparison.Ordinal);

        var badOut = CliRunner.Run("kfold", dir, "--by", "state", "--out", Path.Combine(temp.Path, "k.txt"));
        Assert.Equal(2, badOut.Exit);

        var data = temp.File("g.csv", string.Join("\n", new[] { "y,state" }.Concat(Enumerable.Range(0, 30).Select(i => $"{Math.Sin(i).ToString("R", CultureInfo.InvariantCulture)},{States[i % 4]}"))) + "\n");
        var gaussian = Path.Combine(temp.Path, "gaussian");
        Assert.Equal(0, CliRunner.Run("fit", data, "--formula", "y ~ (1|state)", "--no-aggregate", "--chains", "1", "--warmup", "50", "--draws", "50", "--out", gaussian, "--quiet").Exit);
        var refused = CliRunner.Run("kfold", gaussian, "--by", "state");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("bernoulli and binomial", refused.Error, StringComparison.Ordinal);

        var ml = Path.Combine(temp.Path, "ml");
        Assert.Equal(0, CliRunner.Run("fit", temp.File("s.csv"), "--formula", "y ~ male + (1|state)", "--method", "ml", "--out", ml, "--quiet").Exit);
        var noNuts = CliRunner.Run("kfold", ml, "--by", "state");
        Assert.Equal(2, noNuts.Exit);
        Assert.Contains("NUTS", noNuts.Error, StringComparison.Ordinal);

        // Every option a refusal names must be one kfold has (or, to refit, mrp fit's).
        foreach (var error in new[] { notAGroup.Error, tooMany.Error, badOut.Error, refused.Error, noNuts.Error })
        {
            foreach (var option in System.Text.RegularExpressions.Regex.Matches(error, @"--[a-z-]+").Select(m => m.Value))
            {
                Assert.Contains(option, new[] { "--by", "--folds", "--out", "--method", "--seed", "--chains", "--draws", "--warmup", "--threads", "--unit", "--format" });
            }
        }
    }

    [Fact]
    public void SeveralFitsAreComparedAsLooCompareDoes()
    {
        using var temp = new TempFolder();
        var full = Fit(temp, "full", "--formula", "y ~ male + (1|state)");
        var small = Fit(temp, "small", "--formula", "y ~ (1|state)");
        var result = CliRunner.Run("kfold", full, small, "--by", "state", "--format", "json", "--chains", "1", "--draws", "100", "--warmup", "100");
        Assert.True(result.Exit == 0, result.Error);
        var root = JsonDocument.Parse(result.Output).RootElement;
        var elpd = root.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!, m => m.GetProperty("elpd_kfold").GetProperty("estimate").GetDouble());
        var rows = root.GetProperty("comparison").EnumerateArray().ToList();
        Assert.Equal(0, rows[0].GetProperty("elpd_diff").GetDouble());
        Assert.Equal(elpd[rows[1].GetProperty("model").GetString()!] - elpd[rows[0].GetProperty("model").GetString()!], rows[1].GetProperty("elpd_diff").GetDouble(), 1e-9);
        Assert.True(rows[1].GetProperty("se_diff").GetDouble() > 0);
        Assert.Equal(100, root.GetProperty("models")[0].GetProperty("draws_per_fold").GetInt32());
    }
}
