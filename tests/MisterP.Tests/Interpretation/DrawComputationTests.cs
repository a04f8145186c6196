using System.Globalization;
using MisterP.Data;
using MisterP.Interpretation;
using Xunit;
using static MisterP.Tests.Interpretation.InterpretationSurvey;

namespace MisterP.Tests.Interpretation;

/// <summary>One Laplace fit of the simulated survey's rows, shared by the tests of a class.</summary>
public sealed class SurveyFit : IDisposable
{
    private readonly TempFolder _temp = new();

    public SurveyFit()
    {
        Text = Rows();
        Path = _temp.File("rows.csv", Text);
        Fit = Laplace(Path, "y ~ x + g + (1|s)");
        Data = Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
    }

    public string Text { get; }

    public string Path { get; }

    public MisterP.Workflow.MrpFit Fit { get; }

    /// <summary>The rows as fields: y, x, g, s.</summary>
    public IReadOnlyList<string[]> Data { get; }

    public void Dispose() => _temp.Dispose();
}

/// <summary>Predictions, comparisons and slopes against the same quantities computed directly from the draws.</summary>
public class DrawComputationTests(SurveyFit survey) : IClassFixture<SurveyFit>
{
    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static (double Mean, double Lower, double Upper) Summary(double[] draws, double interval = 0.9)
    {
        var sorted = draws.Order().ToArray();
        double Q(double p)
        {
            var h = (sorted.Length - 1) * p;
            var lo = (int)Math.Floor(h);
            return sorted[lo] + (h - lo) * (sorted[Math.Min(lo + 1, sorted.Length - 1)] - sorted[lo]);
        }

        return (draws.Average(), Q((1 - interval) / 2), Q((1 + interval) / 2));
    }

    private static void AssertMatches(double[] draws, QuantitySummary summary)
    {
        var (mean, lower, upper) = Summary(draws);
        Assert.Equal(mean, summary.Estimate, 12);
        Assert.Equal(lower, summary.Lower, 12);
        Assert.Equal(upper, summary.Upper, 12);
    }

    [Fact]
    public void GridPredictionsAreSummariesOfPerDrawPredictionsWithoutOffGridGroupEffects()
    {
        var fit = survey.Fit;
        var result = fit.Predictions(new InterpretationOptions { Conditional = ["x", "g"] });

        // Bambi's grid: x over 50 evenly spaced values of its range, varying fastest; g at its levels.
        Assert.Equal(150, result.Rows.Count);
        Assert.Equal(["x", "g"], result.Columns.Select(c => c.Name));
        Assert.Equal(-1, Number(result.Rows[0].Values[0]));
        Assert.Equal(2, Number(result.Rows[49].Values[0]));
        Assert.Equal(-1 + 3.0 / 49, Number(result.Rows[1].Values[0]), 14);
        Assert.Equal("b", result.Rows[50].Values[1]);
        Assert.Contains(result.Notes, n => n.Contains("left at zero") && n.Contains('s'));

        var draws = fit.Draws!;
        var b0 = Draws(draws, "b_Intercept");
        var bx = Draws(draws, "b_x");
        var bb = Draws(draws, "b_gb");
        var bc = Draws(draws, "b_gc");
        foreach (var row in result.Rows)
        {
            var x = Number(row.Values[0]);
            var g = row.Values[1];
            var p = Enumerable.Range(0, b0.Length)
                .Select(s => Logistic(b0[s] + bx[s] * x + (g == "b" ? bb[s] : 0) + (g == "c" ? bc[s] : 0)))
                .ToArray();
            AssertMatches(p, row.Summary);
        }
    }

    [Fact]
    public void AveragedComparisonsArePerDrawWeightedMeansOfUnitDifferences()
    {
        var fit = survey.Fit;
        var result = fit.Comparisons(new VariableValues("g", ["a", "c"]), new InterpretationOptions { AverageBy = [["s"], []] });
        Assert.Equal(["term", "contrast", "by", "s"], result.Columns.Select(c => c.Name));
        Assert.Equal(States.Length + 1, result.Rows.Count);
        Assert.All(result.Rows, r => Assert.Equal("c - a", r.Values[1]));

        var data = survey.Data;
        var draws = fit.Draws!;
        var b0 = Draws(draws, "b_Intercept");
        var bx = Draws(draws, "b_x");
        var bc = Draws(draws, "b_gc");
        var effects = States.ToDictionary(s => s, s => Draws(draws, $"r_s[{s},Intercept]"));
        double[] Average(IReadOnlyList<string[]> units) => Enumerable.Range(0, b0.Length).Select(d => units.Average(u =>
        {
            var eta = b0[d] + bx[d] * Number(u[1]) + effects[u[3]][d];
            return Logistic(eta + bc[d]) - Logistic(eta);
        })).ToArray();

        foreach (var state in States)
        {
            var row = result.Rows.Single(r => r.Values[3] == state);
            AssertMatches(Average(data.Where(u => u[3] == state).ToList()), row.Summary);
            Assert.Equal(data.Count(u => u[3] == state), row.Weight);
        }

        var everyone = result.Rows.Single(r => r.Values[2] == "(all)");
        AssertMatches(Average(data), everyone.Summary);
        Assert.Equal(400, everyone.Weight);
    }

    [Fact]
    public void BinomialCellsAverageLikeTheirRowsAndPredictProbabilities()
    {
        using var temp = new TempFolder();
        var fit = Laplace(temp.File("cells.csv", Cells(survey.Text)), "p(k, n) ~ x + g + (1|s)");
        var options = new InterpretationOptions { AverageBy = [["g"], ["s"], []] };

        var overCells = fit.Predictions(options);
        using var rowSource = TableSources.Open(survey.Path);
        var overRows = fit.Predictions(options, rowSource);
        Assert.Equal(overRows.Rows.Count, overCells.Rows.Count);
        for (var i = 0; i < overRows.Rows.Count; i++)
        {
            Assert.Equal(overRows.Rows[i].Values, overCells.Rows[i].Values);
            Assert.Equal(overRows.Rows[i].Weight, overCells.Rows[i].Weight);
            Assert.Equal(overRows.Rows[i].Summary.Estimate, overCells.Rows[i].Summary.Estimate, 12);
            Assert.Equal(overRows.Rows[i].Summary.Lower, overCells.Rows[i].Summary.Lower, 12);
            Assert.Equal(overRows.Rows[i].Summary.Upper, overCells.Rows[i].Summary.Upper, 12);
        }

        // Per trial: the average equals the respondents' mean probability, far below any cell's trial count.
        var everyone = overCells.Rows.Single(r => r.Values[0] == "(all)");
        Assert.Equal(400, everyone.Weight);
        Assert.InRange(everyone.Summary.Estimate, 0.2, 0.8);
        Assert.Equal("P(k)", overCells.Measure);
        var comparison = fit.Comparisons(new VariableValues("g", ["a", "b"]), options);
        var comparisonOverRows = fit.Comparisons(new VariableValues("g", ["a", "b"]), options, rowSource);
        Assert.Equal(comparisonOverRows.Rows[^1].Summary.Estimate, comparison.Rows[^1].Summary.Estimate, 12);
    }

    [Fact]
    public void SlopesAreCentredFiniteDifferencesOfThePrediction()
    {
        var fit = survey.Fit;
        var result = fit.Slopes("x", new InterpretationOptions { AverageBy = [[]] });
        var row = Assert.Single(result.Rows);
        Assert.Equal("dY/dX", row.Values[1]);

        var data = survey.Data;
        var draws = fit.Draws!;
        var b0 = Draws(draws, "b_Intercept");
        var bx = Draws(draws, "b_x");
        var bb = Draws(draws, "b_gb");
        var bc = Draws(draws, "b_gc");
        var effects = States.ToDictionary(s => s, s => Draws(draws, $"r_s[{s},Intercept]"));
        var analytic = Enumerable.Range(0, b0.Length).Select(d => data.Average(u =>
        {
            var p = Logistic(b0[d] + bx[d] * Number(u[1]) + (u[2] == "b" ? bb[d] : 0) + (u[2] == "c" ? bc[d] : 0) + effects[u[3]][d]);
            return bx[d] * p * (1 - p);
        })).ToArray();
        var (mean, lower, upper) = Summary(analytic);
        // h = 1e-4 × range: the centred difference's error is O(h²) relative, far below these tolerances.
        Assert.Equal(mean, row.Summary.Estimate, 8);
        Assert.Equal(lower, row.Summary.Lower, 8);
        Assert.Equal(upper, row.Summary.Upper, 8);

        var categorical = fit.Slopes("g", new InterpretationOptions { AverageBy = [[]] });
        Assert.Equal(["b - a", "c - a"], categorical.Rows.Select(r => r.Values[1]));
        Assert.Contains(categorical.Notes, n => n.Contains("comparisons between its levels"));
    }

    [Fact]
    public void GroupsTakeQuantilesAndOtherCovariatesTheirMeanOrMode()
    {
        var fit = survey.Fit;
        var data = survey.Data;
        var xs = data.Select(u => Number(u[1])).Order().ToArray();

        var byGroup = fit.Predictions(new InterpretationOptions { Conditional = ["g", "x"] });
        var expected = new[] { 0, 0.25, 0.5, 0.75, 1 }.Select(p =>
        {
            var h = (xs.Length - 1) * p;
            var lo = (int)Math.Floor(h);
            return xs[lo] + (h - lo) * (xs[Math.Min(lo + 1, xs.Length - 1)] - xs[lo]);
        }).Distinct().ToArray();
        Assert.Equal(expected, byGroup.Rows.Select(r => Number(r.Values[1])).Distinct());

        var held = fit.Predictions(new InterpretationOptions { Conditional = ["g"] });
        Assert.Equal(["g", "x"], held.Columns.Select(c => c.Name));
        Assert.All(held.Rows, r => Assert.Equal(xs.Average(), Number(r.Values[1]), 12));

        var mode = data.GroupBy(u => u[3]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var all = fit.Predictions(new InterpretationOptions { Conditional = ["g"], GroupEffects = GroupEffectsMode.All });
        Assert.Equal(["g", "x", "s"], all.Columns.Select(c => c.Name));
        Assert.All(all.Rows, r => Assert.Equal(mode, r.Values[2]));
        Assert.DoesNotContain(all.Notes, n => n.Contains("left at zero"));

        // A grouping factor set with --at counts as on the grid: its level's effect is included.
        var at = fit.Predictions(new InterpretationOptions { Conditional = ["g"], At = [new VariableValues("s", ["s2"])] });
        Assert.Equal(["g", "x", "s"], at.Columns.Select(c => c.Name));
        Assert.DoesNotContain(at.Notes, n => n.Contains("left at zero"));
        var draws = fit.Draws!;
        var eta = Draws(draws, "b_Intercept").Zip(Draws(draws, "b_x"), (b0, bx) => b0 + bx * xs.Average())
            .Zip(Draws(draws, "r_s[s2,Intercept]"), (e, u) => Logistic(e + u)).ToArray();
        AssertMatches(eta, at.Rows[0].Summary);
    }

    [Fact]
    public void PosteriorPredictiveAveragesAgreeWithExpectedValues()
    {
        var fit = survey.Fit;
        var epred = fit.Predictions(new InterpretationOptions { AverageBy = [[]] }).Rows.Single().Summary;
        var pps = fit.Predictions(new InterpretationOptions { AverageBy = [[]], Kind = PredictionScale.Pps }).Rows.Single().Summary;
        // Each draw's simulated share of 400 respondents scatters by at most √(¼/400) = 0.025 around its expectation;
        // over 400 draws the means differ by about 0.025/20.
        Assert.InRange(pps.Estimate - epred.Estimate, -5 * 0.025 / 20, 5 * 0.025 / 20);
        Assert.True(pps.Spread > epred.Spread);
    }

    [Fact]
    public void WeightedAveragesOverAFrameArePoststratifiedEstimates()
    {
        using var temp = new TempFolder();
        var frame = temp.File("frame.csv", "x,g,s,n\n-1,a,s1,120\n0,b,s2,80\n2,c,s3,40\n1,a,s6,60\n");
        using var source = TableSources.Open(frame);
        var averaged = survey.Fit.Predictions(new InterpretationOptions { AverageBy = [[]], Weights = "n" }, source).Rows.Single();
        var poststratified = survey.Fit.Poststratify(source, new MisterP.Poststrat.PoststratOptions { Weight = "n", By = [[]], AllowNewLevels = true }).Estimates.Single();
        Assert.Equal(poststratified.Estimate, averaged.Summary.Estimate, 12);
        Assert.Equal(poststratified.Lower, averaged.Summary.Lower, 12);
        Assert.Equal(poststratified.Upper, averaged.Summary.Upper, 12);
        Assert.Equal(300, averaged.Weight);
    }
}
