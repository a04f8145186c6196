using MisterP.Design.Structured;
using MisterP.Models.Structured;
using Xunit;

namespace MisterP.Tests.Models.Structured;

/// <summary>
/// Partially centred intrinsic fields (<see cref="IntrinsicEffect"/> with data information) are a change of
/// variables, so the prior of u given σ must be exactly the plain field's: the same Gaussian N(0, σ²Q⁺), and the same
/// normalizing constant at every σ (a Jacobian left out would tilt σ's posterior, which a gradient check cannot see).
/// </summary>
public sealed class InformationScaledFieldTests
{
    public static TheoryData<string> Fields => ["rw1", "rw2", "icar", "rw1-by"];

    private static IntrinsicGmrf Field(string kind) => kind switch
    {
        "rw1" => IntrinsicGmrf.RandomWalk(6, 1),
        "rw2" => IntrinsicGmrf.RandomWalk(6, 2),
        "icar" => IntrinsicGmrf.Icar(LevelGraph.Paths(2, 3), IntrinsicGmrf.IslandRule.Iid),
        _ => IntrinsicGmrf.RandomWalks(LevelGraph.Paths(2, 3)),
    };

    private static double[] Information(int levels) => Enumerable.Range(0, levels).Select(i => i == 2 ? 0 : 3.0 + 40 * i).ToArray();

    /// <summary>The latent map's columns J (u for each unit w) and the latent precision H (minus the linear gradient).</summary>
    private static (double[] Jacobian, double[] Precision, double LogDensityAtZero) Linearize(IStructuredEffect effect, double sigma, double[] information)
    {
        var n = effect.Levels;
        var m = effect.LatentCount;
        var jacobian = new double[n * m];
        var precision = new double[m * m];
        var u = new double[n];
        var dLogSigma = 0.0;
        var atZero = effect.Forward(new double[m], [], sigma, information, u, new double[m], [], ref dLogSigma);
        for (var c = 0; c < m; c++)
        {
            var unit = new double[m];
            unit[c] = 1;
            var gradient = new double[m];
            effect.Forward(unit, [], sigma, information, u, gradient, [], ref dLogSigma);
            for (var i = 0; i < n; i++)
            {
                jacobian[i * m + c] = u[i];
            }

            for (var r = 0; r < m; r++)
            {
                precision[r * m + c] = -gradient[r];
            }
        }

        return (jacobian, precision, atZero);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void ImpliedCovarianceOfTheEffectsIsUnchanged(string kind)
    {
        var gmrf = Field(kind);
        var n = gmrf.Size;
        const double sigma = 0.8;
        var (plainJ, plainH, _) = Linearize(new IntrinsicEffect(gmrf), sigma, []);
        var (scaledJ, scaledH, _) = Linearize(new IntrinsicEffect(gmrf), sigma, Information(n));
        var plain = Implied(plainJ, plainH, n);
        var scaled = Implied(scaledJ, scaledH, n);
        for (var k = 0; k < n * n; k++)
        {
            Assert.Equal(plain[k], scaled[k], 1e-10);
        }
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void NormalizingConstantDoesNotDependOnSigma(string kind)
    {
        // log ∫ exp(lp(w)) dw = lp(0) + (m/2)·log 2π − ½·log|H| for a Gaussian in w: the same at every σ and the same
        // as the plain field's, or σ's posterior would carry a spurious factor.
        var gmrf = Field(kind);
        var information = Information(gmrf.Size);
        var plain = LogNormalizer(new IntrinsicEffect(gmrf), 1.0, []);
        foreach (var sigma in new[] { 0.05, 0.7, 3.0 })
        {
            Assert.Equal(plain, LogNormalizer(new IntrinsicEffect(gmrf), sigma, information), 1e-10);
        }
    }

    [Fact]
    public void DataRichLevelsMoveAwayFromNonCentring()
    {
        // With σ²I ≫ d the latent coordinate of a level tends to u/(σ·s) with s ≈ √(d/σ²I): u barely depends on σ.
        var gmrf = IntrinsicGmrf.RandomWalk(5, 1);
        var information = Enumerable.Repeat(1e4, 5).ToArray();
        var latent = new[] { 0.3, -0.2, 0.5, 0.1, -0.4 };
        var small = new double[5];
        var large = new double[5];
        new IntrinsicEffect(gmrf).Effects(latent, [], 1.0, information, small);
        new IntrinsicEffect(gmrf).Effects(latent, [], 2.0, information, large);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(small[i], large[i], 1e-3 * Math.Abs(small[i]) + 1e-6);
        }
    }

    private static double LogNormalizer(IStructuredEffect effect, double sigma, double[] information)
    {
        var (_, precision, atZero) = Linearize(effect, sigma, information);
        var m = effect.LatentCount;
        var (_, logDeterminant, rank) = DenseReference.PseudoInverse(precision, m);
        Assert.Equal(m, rank);
        return atZero + 0.5 * m * Math.Log(2 * Math.PI) - 0.5 * logDeterminant;
    }

    private static double[] Implied(double[] jacobian, double[] precision, int n)
    {
        var m = precision.Length == 0 ? 0 : (int)Math.Sqrt(precision.Length);
        var (covariance, _, rank) = DenseReference.PseudoInverse(precision, m);
        Assert.Equal(m, rank);
        var implied = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var a = 0; a < m; a++)
                {
                    for (var b = 0; b < m; b++)
                    {
                        sum += jacobian[i * m + a] * covariance[a * m + b] * jacobian[j * m + b];
                    }
                }

                implied[i * n + j] = sum;
            }
        }

        return implied;
    }
}
