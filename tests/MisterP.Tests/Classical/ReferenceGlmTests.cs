using System.Globalization;
using MisterP.Data;
using MisterP.Design;
using MisterP.Formulas;
using MisterP.Inference.Classical;
using Xunit;

namespace MisterP.Tests.Classical;

/// <summary>Agreement with R's glm on the biased CCES sample (../shared/reference/glm_cces_biased5000.csv).</summary>
public class ReferenceGlmTests
{
    private static ClassicalResult FitReference(bool aggregate)
    {
        var data = SharedData.RequireFile("data/cces2018/sample_biased5000_seed1010.csv");
        using var source = TableSources.Open(data);
        var design = DesignBuilder.Build(FormulaParser.Parse("abortion ~ C(state) + C(eth) + C(educ) + male + repvote"), source,
            new DesignOptions { Aggregate = aggregate });
        return ClassicalFit.Fit(design.Design);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MatchesRGlmOnRowsAndOnCells(bool aggregate)
    {
        var reference = File.ReadAllLines(SharedData.RequireFile("reference/glm_cces_biased5000.csv")).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => f[0].Trim('"'), f => f[1..].Select(v => v == "NA" ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        var fit = FitReference(aggregate);
        Assert.Equal(reference.Count, fit.Coefficients.Count);
        foreach (var row in fit.Coefficients)
        {
            var expected = reference[row.Name];
            if (double.IsNaN(expected[0]))
            {
                Assert.True(row.Aliased, $"{row.Name} should be aliased as in R");
                continue;
            }

            Assert.Equal(expected[0], row.Estimate, 1e-6);
            Assert.Equal(expected[1], row.StdError, 1e-6);
            Assert.Equal(expected[2], row.Statistic, 1e-5);
            Assert.Equal(expected[3], row.PValue, 1e-6);
        }

        // deviance=6719.617339 null_deviance=6918.153092 aic=6835.617339 df_residual=4942
        Assert.Equal(6719.617339, fit.Deviance, 1e-5);
        Assert.Equal(6918.153092, fit.NullDeviance, 1e-5);
        Assert.Equal(6835.617339, fit.Aic, 1e-5);
        Assert.Equal(4942, fit.DfResidual);
        Assert.True(fit.Converged);
    }
}
