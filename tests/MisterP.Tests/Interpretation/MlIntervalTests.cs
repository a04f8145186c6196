using System.Globalization;
using MisterP.Interpretation;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Interpretation;

/// <summary>
/// Maximum-likelihood predictions against R (fixtures from bench/fixtures/predict_se.R): estimates, standard errors and
/// Wald intervals of predict(..., se.fit = TRUE) for lm and glm, and delta-method comparisons from coef() and vcov().
/// </summary>
public class MlIntervalTests
{
    private static readonly FitOptions Ml = new() { Method = FitMethod.Ml };

    private static string Fixture(string folder, string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", folder, name);

    /// <summary>An R write.csv file as header → values per row (these fixtures quote no commas).</summary>
    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.Split(',').Select(f => f.Trim('"')).ToArray()).ToList();
        return lines.Skip(1).Select(l => lines[0].Zip(l).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Relative agreement: IRLS stops at R's tolerance, so standard errors agree to about 1e-7.</summary>
    private static void Close(string expected, double actual, double relative)
    {
        var e = Number(expected);
        Assert.True(Math.Abs(actual - e) <= relative * Math.Abs(e), $"expected {e}, got {actual}");
    }

    private static void AssertRow(Dictionary<string, string> expected, QuantitySummary actual)
    {
        Close(expected["estimate"], actual.Estimate, 1e-9);
        Close(expected["std_error"], actual.Spread, 1e-6);
        Close(expected["lower"], actual.Lower, 1e-7);
        Close(expected["upper"], actual.Upper, 1e-7);
    }

    [Fact]
    public void LeastSquaresPredictionsMatchRsPredictWithTIntervals()
    {
        var fit = Mrp.Fit(Fixture("classical", "data.csv"), "log(wage) ~ x + g", Ml);
        var result = fit.Predictions(new InterpretationOptions { Conditional = ["x", "g"], At = [new VariableValues("x", ["-1", "0", "1.5"])] });
        var expected = ReadCsv(Fixture("interpretation", "lm_predictions.csv"));
        Assert.False(result.Bayesian);
        Assert.Equal(expected.Count, result.Rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Number(expected[i]["x"]), Number(result.Rows[i].Values[0]));
            Assert.Equal(expected[i]["g"], result.Rows[i].Values[1]);
            AssertRow(expected[i], result.Rows[i].Summary);
        }
    }

    [Fact]
    public void LogisticPredictionsComparisonsAndAveragesMatchR()
    {
        var data = SharedData.RequireFile("data/cces2018/sample_biased5000_seed1010.csv");
        var fit = Mrp.Fit(data, "abortion ~ C(state) + C(eth) + C(educ) + male + repvote", Ml);

        // Link-scale Wald intervals, transformed: predict(type = "link", se.fit = TRUE), plogis of the ends.
        var predictions = fit.Predictions(new InterpretationOptions { Conditional = ["eth", "educ"] });
        var expected = ReadCsv(Fixture("interpretation", "glm_predictions.csv"));
        Assert.Equal(["eth", "educ", "state", "male", "repvote"], predictions.Columns.Select(c => c.Name));
        Assert.Equal(expected.Count, predictions.Rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var row = predictions.Rows[i];
            Assert.Equal([expected[i]["eth"], expected[i]["educ"], expected[i]["state"]], row.Values.Take(3));
            Assert.Equal(Number(expected[i]["male"]), Number(row.Values[3]), 12);
            Assert.Equal(Number(expected[i]["repvote"]), Number(row.Values[4]), 12);
            AssertRow(expected[i], row.Summary);
        }

        Assert.Contains(predictions.Notes, n => n.Contains("rank-deficient"));

        var comparisons = fit.Comparisons(new VariableValues("eth", ["Black", "White"]), new InterpretationOptions { Conditional = ["educ"] });
        var expectedComparisons = ReadCsv(Fixture("interpretation", "glm_comparisons.csv"));
        Assert.Equal(expectedComparisons.Select(r => r["educ"]), comparisons.Rows.Select(r => r.Values[2]));
        Assert.All(comparisons.Rows, r => Assert.Equal("White - Black", r.Values[1]));
        for (var i = 0; i < expectedComparisons.Count; i++)
        {
            AssertRow(expectedComparisons[i], comparisons.Rows[i].Summary);
        }

        var averages = fit.Comparisons(new VariableValues("eth", ["Black", "White"]), new InterpretationOptions { AverageBy = [[], ["educ"]] });
        foreach (var expectedAverage in ReadCsv(Fixture("interpretation", "glm_average_comparisons.csv")))
        {
            var educ = expectedAverage["educ"];
            var row = averages.Rows.Single(r => educ.Length == 0 ? r.Values[2] == "(all)" : r.Values[3] == educ);
            AssertRow(expectedAverage, row.Summary);
            Assert.Equal(Number(expectedAverage["weight"]), row.Weight);
        }
    }
}
