using System.Globalization;
using MisterP.Data;
using MisterP.Design;
using MisterP.Formulas;
using MisterP.Inference.Optimization;
using Xunit;

namespace MisterP.Tests.Optimization;

/// <summary>Laplace maximum likelihood agrees with lme4's glmer on the reference fits (../shared/reference/mrp/).</summary>
public class MixedModelTests
{
    private const string Model = "~ (1|state) + (1|eth) + (1|educ) + male + repvote + (1|male:eth) + (1|educ:age) + (1|educ:eth)";

    [Theory]
    [InlineData("cces_biased5000", "data/cces2018/sample_biased5000_seed1010.csv", "abortion")]
    [InlineData("semisynthetic5000", "data/semisynthetic/sample.csv", "y")]
    public void MatchesLme4(string tag, string data, string outcome)
    {
        using var source = TableSources.Open(SharedData.RequireFile(data));
        var design = DesignBuilder.Build(FormulaParser.Parse(outcome + " " + Model), source, new DesignOptions());
        var fit = MixedModelFit.Fit(design.Design);
        var estimates = fit.Coefficients.ToDictionary(c => c.Name, c => c.Estimate);

        foreach (var (name, value) in ReadReference($"reference/mrp/lme4_{tag}_fixef.csv"))
        {
            Assert.True(Math.Abs(estimates[name] - value) < 1e-3, $"{name}: {estimates[name]} vs lme4 {value}");
        }

        foreach (var (name, value) in ReadReference($"reference/mrp/lme4_{tag}_sd.csv"))
        {
            Assert.True(Math.Abs(estimates[name] - value) < 0.01, $"{name}: {estimates[name]} vs lme4 {value}");
            if (value == 0)
            {
                Assert.True(fit.Singular);
                Assert.Contains(fit.Warnings, w => w.Contains(name));
            }
        }

        var lme4 = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed", "lme4_loglik.csv")).Skip(1)
            .Select(l => l.Split(',')).Single(f => f[0].Trim('"') == tag)[1];
        var reference = double.Parse(lme4, CultureInfo.InvariantCulture);
        Assert.True(fit.LogLikelihood >= reference - 1e-4, $"log-likelihood {fit.LogLikelihood:R} vs lme4 {reference:R}");
    }

    private static IEnumerable<(string Name, double Value)> ReadReference(string file) =>
        File.ReadAllLines(SharedData.RequireFile(file)).Skip(1)
            .Select(l => l.Split(','))
            .Select(f => (f[0].Trim('"'), double.Parse(f[1], CultureInfo.InvariantCulture)));
}
