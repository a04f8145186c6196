using System.Globalization;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;
using MisterP.Inference.Classical;
using Xunit;

namespace MisterP.Tests.Classical;

/// <summary>lm/glm agreement on simulated data (fixtures from bench/fixtures/classical.R).</summary>
public class RFixtureTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "classical", name);

    [Theory]
    [InlineData("ols_aliased", "y ~ g + x + x2", null, null, true)]
    [InlineData("ols_log", "log(wage) ~ x + g", null, null, true)]
    [InlineData("wls", "y | weights(w) ~ g + x", null, null, true)]
    [InlineData("probit", "k ~ g + x", Family.Bernoulli, Link.Probit, true)]
    [InlineData("cloglog", "k ~ g + x", Family.Bernoulli, Link.CLogLog, false)]
    [InlineData("poisson", "cnt ~ g + x", Family.Poisson, null, false)]
    public void MatchesR(string name, string formula, Family? family, Link? link, bool aggregate)
    {
        using var source = TableSources.Open(Fixture("data.csv"));
        var design = DesignBuilder.Build(FormulaParser.Parse(formula), source, new DesignOptions { Family = family, Link = link, Aggregate = aggregate });
        var fit = ClassicalFit.Fit(design.Design);
        var expected = File.ReadAllLines(Fixture(name + ".csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(expected.Count, fit.Coefficients.Count);
        for (var j = 0; j < expected.Count; j++)
        {
            var values = expected[j][1..].Select(v => v == "NA" ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var row = fit.Coefficients[j];
            if (double.IsNaN(values[0]))
            {
                Assert.True(row.Aliased);
                continue;
            }

            Assert.Equal(values[0], row.Estimate, 1e-7 * Math.Max(1, Math.Abs(values[0])));
            Assert.Equal(values[1], row.StdError, 1e-7);
            Assert.Equal(values[2], row.Statistic, 1e-6);
            Assert.Equal(values[3], row.PValue, 1e-9);
        }

        var line = File.ReadAllLines(Fixture("loglik.txt")).Select(l => l.Trim().Split(' ')).Single(l => l[0] == name);
        Assert.Equal(double.Parse(line[1], CultureInfo.InvariantCulture), fit.LogLikelihood, 1e-6);
        Assert.Equal(double.Parse(line[2], CultureInfo.InvariantCulture), fit.Deviance, 1e-6);
    }

    [Fact]
    public void SeparationIsReported()
    {
        using var temp = new TempFolder();
        var file = temp.File("s.csv", "y,x\n0,1\n0,2\n0,3\n1,4\n1,5\n1,6\n");
        using var source = TableSources.Open(file);
        var design = DesignBuilder.Build(FormulaParser.Parse("y ~ x"), source, new DesignOptions());
        var fit = ClassicalFit.Fit(design.Design);
        Assert.Contains(fit.Warnings, w => w.Contains("numerically 0 or 1"));
    }
}
