using MisterP.Design;
using MisterP.Families;
using MisterP.Inference.Optimization;
using MisterP.Models;
using MisterP.Numerics;
using MisterP.Priors;
using MisterP.Tests.Models;
using Xunit;

namespace MisterP.Tests.Optimization;

/// <summary>The nested Laplace approximation's parts: conditional modes, exactness for gaussian models, determinism.</summary>
public class NestedLaplaceTests
{
    /// <summary>
    /// At θ, the (β, z) the approximation centres on is the hierarchical model's own conditional mode: the model's
    /// gradient in β and z vanishes there (priors, centering and the mapping to model coordinates agree), for every
    /// family the approximation handles and a correlated varying slope.
    /// </summary>
    [Theory]
    [InlineData(Family.Binomial, Link.Logit, false)]
    [InlineData(Family.Binomial, Link.Probit, false)]
    [InlineData(Family.Binomial, Link.CLogLog, false)]
    [InlineData(Family.Poisson, Link.Log, false)]
    [InlineData(Family.Gaussian, Link.Identity, false)]
    [InlineData(Family.NegativeBinomial, Link.Log, false)]
    [InlineData(Family.Binomial, Link.Logit, true)]
    public void CentresOnTheModelsConditionalMode(Family family, Link link, bool slope)
    {
        var design = RandomDesigns.Categorical(11, family, link, slope: slope, offset: true);
        var priors = DefaultPriors.Build(design, []);
        var posterior = new HyperparameterPosterior(design, priors);
        var model = new HierarchicalGlm(design, priors);
        var random = new Random(5);
        var theta = posterior.Start().Select(t => t + 0.3 * (random.NextDouble() - 0.5)).ToArray();
        Assert.True(double.IsFinite(posterior.LogDensity(theta)));

        var position = new double[model.Dimension];
        posterior.WriteConditionalMode(theta, position);
        var gradient = new double[model.Dimension];
        model.LogDensityGradient(position, gradient);
        var names = model.ParameterNames;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var t = posterior.Names.ToList().IndexOf(name);
            if (t >= 0)
            {
                Assert.Equal(theta[t], position[i]);
                continue;
            }

            Assert.True(Math.Abs(gradient[i]) < 1e-6, $"{name}: gradient {gradient[i]:E2} at the conditional mode");
        }
    }

    /// <summary>
    /// Gaussian identity models with normal β priors: log p̃(θ | y) is exact, so its differences between θs equal those
    /// of log N(y; offset + X_c m, X_c S X_cᵀ + ZΛΛᵀZᵀ + σ²I) plus θ's priors with their log Jacobians.
    /// </summary>
    [Fact]
    public void ExactForGaussianModels()
    {
        var design = RandomDesigns.Create(4, Family.Gaussian, Link.Identity, [1, 2], [false, false]);
        var priors = DefaultPriors.Build(design, []);
        var posterior = new HyperparameterPosterior(design, priors);
        Assert.Equal(["log_sd_g0__Intercept", "log_sd_g1__Intercept", "log_sd_g1__x1", "log_sigma"], posterior.Names);
        var random = new Random(9);
        var thetas = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1.5).ToArray()).ToArray();
        var approximate = thetas.Select(t => posterior.LogDensity(t)).ToArray();
        var exact = thetas.Select(t => ExactLogPosterior(design, priors, t)).ToArray();
        for (var k = 1; k < thetas.Length; k++)
        {
            Assert.Equal(exact[k] - exact[0], approximate[k] - approximate[0], 1e-8);
        }
    }

    /// <summary>Same seed, same draws, whatever the number of threads (and a second run).</summary>
    [Fact]
    public void BitIdenticalWhateverTheThreadCount()
    {
        var design = RandomDesigns.Categorical(3, Family.Binomial, Link.Logit);
        var priors = DefaultPriors.Build(design, []);
        var one = NestedLaplaceApproximation.Fit(design, priors, 300, 17, threads: 1);
        var two = NestedLaplaceApproximation.Fit(design, priors, 300, 17, threads: 2);
        Assert.Equal(new HierarchicalGlm(design, priors).OutputNames, one.Draws.ParameterNames);
        Assert.Equal(1, one.Draws.ChainCount);
        for (var k = 0; k < one.Draws.ParameterNames.Count; k++)
        {
            Assert.Equal(one.Draws.Parameter(k)[0], two.Draws.Parameter(k)[0]);
        }

        Assert.NotNull(one.ImportanceEffectiveSize);
        Assert.Equal(one.ImportanceEffectiveSize, two.ImportanceEffectiveSize);
    }

    private static double ExactLogPosterior(ModelDesign design, PriorSet priors, double[] theta)
    {
        var n = design.CellCount;
        var p = design.FixedEffects.ColumnCount;
        var x = design.FixedEffects.X;
        var means = design.RowStatistics.ColumnMeans;
        var sd = theta.Take(3).Select(Math.Exp).ToArray();
        var sigma = Math.Exp(theta[3]);
        var prior = Enumerable.Range(0, p).Select(j => j == 0 ? priors.Intercept! : priors.Coefficients[j]!).ToArray();
        Assert.All(prior, d => Assert.Equal("normal", d.Family));

        // Centered columns (the priors are on the intercept of centered predictors), prior means and variances.
        double Centered(int i, int j) => j == 0 ? x[i * p] : x[i * p + j] - means[j];
        var residual = new double[n];
        var covariance = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            residual[i] = design.Response.Y[i] - design.Response.Offset![i];
            for (var j = 0; j < p; j++)
            {
                residual[i] -= Centered(i, j) * prior[j].Arguments[0];
            }

            for (var l = 0; l < n; l++)
            {
                var c = i == l ? sigma * sigma : 0;
                for (var j = 0; j < p; j++)
                {
                    c += Centered(i, j) * Centered(l, j) * prior[j].Arguments[1] * prior[j].Arguments[1];
                }

                var offset = 0;
                foreach (var term in design.GroupTerms)
                {
                    var coefficients = term.CoefficientCount;
                    if (term.LevelIndex[i] == term.LevelIndex[l])
                    {
                        for (var a = 0; a < coefficients; a++)
                        {
                            c += term.Z[i * coefficients + a] * term.Z[l * coefficients + a] * sd[offset + a] * sd[offset + a];
                        }
                    }

                    offset += coefficients;
                }

                covariance[i * n + l] = c;
            }
        }

        var factor = Cholesky.Factor(covariance, n)!;
        var solved = new double[n];
        var logDet = 0.0;
        for (var i = 0; i < n; i++)
        {
            var s = residual[i];
            for (var k = 0; k < i; k++)
            {
                s -= factor[i * n + k] * solved[k];
            }

            solved[i] = s / factor[i * n + i];
            logDet += 2 * Math.Log(factor[i * n + i]);
        }

        var logPrior = 0.0;
        var sds = design.GroupTerms.SelectMany((_, k) => priors.GroupSds[k]).ToArray();
        for (var k = 0; k < 3; k++)
        {
            logPrior += sds[k].LogDensity(sd[k], out _) + theta[k];
        }

        logPrior += priors.Sigma!.LogDensity(sigma, out _) + theta[3];
        return -0.5 * solved.Sum(v => v * v) - 0.5 * logDet + logPrior;
    }
}
