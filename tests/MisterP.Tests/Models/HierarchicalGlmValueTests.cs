using MisterP.Design;
using MisterP.Families;
using MisterP.Models;
using MisterP.Priors;
using Xunit;

namespace MisterP.Tests.Models;

public class HierarchicalGlmValueTests
{
    [Fact]
    public void LogDensityEqualsDirectComputation()
    {
        // Intercept-only logit model with one varying intercept over two levels, three binomial cells.
        var design = new ModelDesign
        {
            Family = Family.Binomial,
            Link = Link.Logit,
            CellCount = 3,
            Aggregated = true,
            Response = new ResponseData { Y = [2, 0, 5], Trials = [4, 3, 6], RowsPerCell = [4, 3, 6] },
            FixedEffects = new FixedEffectsDesign { Names = ["Intercept"], X = [1, 1, 1], InterceptIndex = 0 },
            GroupTerms =
            [
                new GroupTermDesign { Name = "g", Levels = ["a", "b"], LevelIndex = [0, 1, 1], CoefficientNames = ["Intercept"], Z = [1, 1, 1], Correlated = false },
            ],
            RowStatistics = new RowStatistics { RowCount = 13, ColumnMeans = [1], ColumnSds = [0], ResponseMean = 7 / 13.0, ResponseSd = 0.5 },
        };
        var model = new HierarchicalGlm(design, DefaultPriors.Build(design, []));
        double[] x = [0.3, Math.Log(0.7), 0.5, -1.2];
        var sd = 0.7;
        double[] eta = [0.3 + sd * 0.5, 0.3 + sd * -1.2, 0.3 + sd * -1.2];
        double[] k = [2, 0, 5];
        double[] n = [4, 3, 6];
        var expected = -0.5 * Math.Pow(0.3 / 2.5, 2)              // Intercept ~ normal(0, 2.5)
                       - 1 * sd + Math.Log(sd)                      // sd ~ exponential(1), Jacobian of log
                       - 0.5 * (0.5 * 0.5 + 1.2 * 1.2);             // z ~ N(0, 1)
        for (var i = 0; i < 3; i++)
        {
            expected += k[i] * eta[i] - n[i] * Math.Log(1 + Math.Exp(eta[i]));
        }

        Assert.Equal(expected, model.LogDensityGradient(x, new double[4]), 12);
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(x, outputs);
        Assert.Equal(["b_Intercept", "sd_g__Intercept", "r_g[a,Intercept]", "r_g[b,Intercept]"], model.OutputNames);
        Assert.Equal([0.3, 0.7, 0.35, -0.84], outputs.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void LkjOneOnTwoByTwoIsUniformInTheCorrelation()
    {
        var chol = new CholeskyCorrelation(2);
        foreach (var y in new[] { -3.0, -0.4, 0, 1.1, 5 })
        {
            var rho = Math.Tanh(y);
            // density of y = |dρ/dy| = 1 − ρ² when ρ is uniform on (−1, 1).
            Assert.Equal(Math.Log(1 - rho * rho), chol.Build([y], 1.0), 10);
        }
    }

    [Fact]
    public void InterceptIsReportedOnTheOriginalScale()
    {
        var design = RandomDesigns.Create(4, Family.Binomial, Link.Logit, [], []);
        var model = new HierarchicalGlm(design, DefaultPriors.Build(design, []));
        double[] x = [0.2, 1.5, -0.7];
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(x, outputs);
        // ColumnMeans of the random design are [1, 0.1, 0.5]: b_Intercept = α − 0.1·1.5 − 0.5·(−0.7).
        Assert.Equal(0.2 - 0.15 + 0.35, outputs[0], 12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LinearPredictorIsTheReportedEffectsTimesTheData(bool intercept)
    {
        // η of every cell must equal offset + X·b + Σ Z·r with the b_ and r_ the fit reports, whatever the sampled
        // coordinates (centring, information scaling). Without an intercept there is nothing to absorb centred
        // predictors, so they must not be centred.
        var withIntercept = RandomDesigns.Create(11, Family.Binomial, Link.Logit, [1, 2], [false, true]);
        var design = intercept ? withIntercept : WithoutIntercept(withIntercept);
        var model = new HierarchicalGlm(design, DefaultPriors.Build(design, []));
        var random = new Random(5);
        var x = Enumerable.Range(0, model.Dimension).Select(_ => random.NextDouble() - 0.5).ToArray();
        var eta = model.CellLinearPredictor(x);
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(x, outputs);
        var value = model.OutputNames.Select((n, i) => (n, v: outputs[i])).ToDictionary(t => t.n, t => t.v);
        var fixedEffects = design.FixedEffects;
        var p = fixedEffects.ColumnCount;
        for (var i = 0; i < design.CellCount; i++)
        {
            var expected = design.Response.Offset![i];
            for (var j = 0; j < p; j++)
            {
                expected += fixedEffects.X[i * p + j] * value["b_" + fixedEffects.Names[j]];
            }

            foreach (var term in design.GroupTerms)
            {
                var c = term.CoefficientNames.Count;
                for (var a = 0; a < c; a++)
                {
                    expected += term.Z[i * c + a] * value[$"r_{term.Name}[{term.Levels[term.LevelIndex[i]]},{term.CoefficientNames[a]}]"];
                }
            }

            Assert.Equal(expected, eta[i], 10);
        }
    }

    private static ModelDesign WithoutIntercept(ModelDesign d)
    {
        var p = d.FixedEffects.ColumnCount;
        var keep = Enumerable.Range(0, p).Where(j => j != d.FixedEffects.InterceptIndex).ToArray();
        var x = new double[d.CellCount * keep.Length];
        for (var i = 0; i < d.CellCount; i++)
        {
            for (var k = 0; k < keep.Length; k++)
            {
                x[i * keep.Length + k] = d.FixedEffects.X[i * p + keep[k]];
            }
        }

        return new ModelDesign
        {
            Family = d.Family,
            Link = d.Link,
            CellCount = d.CellCount,
            Aggregated = d.Aggregated,
            Response = d.Response,
            FixedEffects = new FixedEffectsDesign { Names = keep.Select(j => d.FixedEffects.Names[j]).ToList(), X = x, InterceptIndex = -1 },
            GroupTerms = d.GroupTerms,
            RowStatistics = new RowStatistics
            {
                RowCount = d.RowStatistics.RowCount,
                ColumnMeans = keep.Select(j => d.RowStatistics.ColumnMeans[j]).ToArray(),
                ColumnSds = keep.Select(j => d.RowStatistics.ColumnSds[j]).ToArray(),
                ResponseMean = d.RowStatistics.ResponseMean,
                ResponseSd = d.RowStatistics.ResponseSd,
            },
        };
    }
}
