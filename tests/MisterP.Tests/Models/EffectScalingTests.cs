using MisterP.Families;
using MisterP.Models;
using MisterP.Priors;
using Xunit;

namespace MisterP.Tests.Models;

/// <summary>Information scaling and the anchored intercept change coordinates only: same outputs, density changed by exactly the log Jacobian.</summary>
public class EffectScalingTests
{
    [Theory]
    [InlineData(Family.Binomial, Link.Logit)]
    [InlineData(Family.Poisson, Link.Log)]
    [InlineData(Family.Gaussian, Link.Identity)]
    public void SamePosteriorInOtherCoordinates(Family family, Link link)
    {
        var design = RandomDesigns.Categorical(11, family, link, slope: true);
        var plain = new HierarchicalGlm(design, DefaultPriors.Build(design, []));
        var scaling = EffectScaling.FromData(design);
        var scaled = plain.WithEffectScaling(scaling);
        Assert.Contains(scaling.Information, v => v.Any(i => i > 0));

        var random = new Random(3);
        var x = Enumerable.Range(0, plain.Dimension).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        // The same effects in scaled coordinates: z_scaled = z·√q, q = 1 + σ²I; the density gains log|∂z/∂z_scaled| = −½Σ log q.
        var names = plain.ParameterNames;
        var y = (double[])x.Clone();
        var logJacobian = 0.0;
        for (var k = 0; k < design.GroupTerms.Count; k++)
        {
            var term = design.GroupTerms[k];
            var c = term.CoefficientCount;
            for (var a = 0; a < c; a++)
            {
                var sigma = Math.Exp(x[IndexOf(names, $"log_sd_{term.Name}__{term.CoefficientNames[a]}")]);
                for (var l = 0; l < term.Levels.Count; l++)
                {
                    var q = 1 + sigma * sigma * scaling.Information[k][l * c + a];
                    var index = IndexOf(names, $"z_{term.Name}[{term.Levels[l]},{term.CoefficientNames[a]}]");
                    y[index] = x[index] * Math.Sqrt(q);
                    logJacobian -= 0.5 * Math.Log(q);
                }
            }
        }

        // The sampled intercept is α + Σ_k Σ_l w_kl·u_kl (a shear, Jacobian 1); u are the plain model's r_ outputs.
        var expected = new double[plain.OutputNames.Count];
        plain.WriteOutputs(x, expected);
        var intercept = IndexOf(names, "Intercept_centered");
        var position = expected.Length - design.GroupTerms.Sum(t => t.Levels.Count * t.CoefficientCount);
        for (var k = 0; k < design.GroupTerms.Count; k++)
        {
            var term = design.GroupTerms[k];
            var c = term.CoefficientCount;
            if (scaling.Anchors[k] is { } weights)
            {
                Assert.Equal(1, weights.Sum(), 12);
                for (var l = 0; l < weights.Length; l++)
                {
                    y[intercept] += weights[l] * expected[position + l * c];
                }
            }

            position += term.Levels.Count * c;
        }

        // Fixed effects are sampled times their information scale (a constant Jacobian, left out of the density).
        for (var j = 0; j < design.FixedEffects.ColumnCount; j++)
        {
            y[j] *= scaling.FixedScales[j];
        }

        var g = new double[plain.Dimension];
        Assert.Equal(plain.LogDensityGradient(x, g) + logJacobian, scaled.LogDensityGradient(y, g), 9);
        var actual = new double[plain.OutputNames.Count];
        scaled.WriteOutputs(y, actual);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }
    }

    [Fact]
    public void CorrelatedTermsStayNonCentered()
    {
        var design = RandomDesigns.Create(4, Family.Binomial, Link.Logit, [2, 1], [true, false]);
        var scaling = EffectScaling.FromData(design);
        Assert.All(scaling.Information[0], v => Assert.Equal(0, v));
        Assert.Contains(scaling.Information[1], v => v > 0);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"No parameter {name}.");
    }
}
