using MisterP.Models;

namespace MisterP.Tests.Inference;

/// <summary>Independent normals with given scales: log p = −½ Σ (x/σ)².</summary>
internal sealed class IidNormal(double[] scales) : ILogDensity
{
    public int Dimension => scales.Length;

    public IReadOnlyList<string> ParameterNames => Enumerable.Range(1, scales.Length).Select(i => $"x[{i}]").ToList();

    public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        var lp = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var z = x[i] / scales[i];
            lp -= 0.5 * z * z;
            g[i] = -z / scales[i];
        }

        return lp;
    }

    public ILogDensity Fork() => this;
}

/// <summary>Bivariate normal, unit variances, correlation ρ.</summary>
internal sealed class CorrelatedNormal(double rho) : ILogDensity
{
    public int Dimension => 2;

    public IReadOnlyList<string> ParameterNames => ["a", "b"];

    public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        var c = 1 / (1 - rho * rho);
        g[0] = -c * (x[0] - rho * x[1]);
        g[1] = -c * (x[1] - rho * x[0]);
        return -0.5 * c * (x[0] * x[0] - 2 * rho * x[0] * x[1] + x[1] * x[1]);
    }

    public ILogDensity Fork() => this;
}

/// <summary>
/// Eight schools (posteriordb eight_schools_noncentered / _centered): mu ~ N(0, 5), tau ~ half-Cauchy(0, 5) sampled
/// as log tau with its Jacobian, theta_j = mu + tau·θ̃_j (non-centered) or theta_j ~ N(mu, tau) (centered).
/// Outputs mu and tau.
/// </summary>
internal sealed class EightSchools(bool centered) : ILogDensity, IConstrainedOutputs
{
    private static readonly double[] Y = [28, 8, -3, 7, -1, 1, 18, 12];
    private static readonly double[] Sigma = [15, 10, 16, 11, 9, 11, 10, 18];

    public int Dimension => 10;

    public IReadOnlyList<string> ParameterNames => ["mu", "log_tau", .. Enumerable.Range(1, 8).Select(i => $"theta[{i}]")];

    public IReadOnlyList<string> OutputNames => ["mu", "tau"];

    public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        var mu = x[0];
        var logTau = x[1];
        var tau = Math.Exp(logTau);
        g.Clear();
        var lp = -0.5 * mu * mu / 25;
        g[0] = -mu / 25;
        // half-Cauchy(0, 5) on tau plus log|d tau / d log tau| = log tau.
        lp += -Math.Log(1 + tau * tau / 25) + logTau;
        g[1] = -2 * tau * tau / 25 / (1 + tau * tau / 25) + 1;
        for (var j = 0; j < 8; j++)
        {
            if (centered)
            {
                var theta = x[2 + j];
                var d = (theta - mu) / tau;
                lp += -0.5 * d * d - logTau;
                g[2 + j] -= d / tau;
                g[0] += d / tau;
                g[1] += d * d - 1;
                var r = (Y[j] - theta) / Sigma[j];
                lp -= 0.5 * r * r;
                g[2 + j] += r / Sigma[j];
            }
            else
            {
                var t = x[2 + j];
                lp -= 0.5 * t * t;
                g[2 + j] -= t;
                var theta = mu + tau * t;
                var r = (Y[j] - theta) / Sigma[j];
                lp -= 0.5 * r * r;
                g[0] += r / Sigma[j];
                g[1] += r / Sigma[j] * tau * t;
                g[2 + j] += r / Sigma[j] * tau;
            }
        }

        return lp;
    }

    public void WriteOutputs(ReadOnlySpan<double> x, Span<double> outputs)
    {
        outputs[0] = x[0];
        outputs[1] = Math.Exp(x[1]);
    }

    public ILogDensity Fork() => this;
}

/// <summary>Neal's funnel: v ~ N(0, 3), x_i ~ N(0, exp(v/2)), centered or non-centered (x_i = exp(v/2)·z_i).</summary>
internal sealed class Funnel(bool centered, int dimension = 9) : ILogDensity
{
    public int Dimension => dimension + 1;

    public IReadOnlyList<string> ParameterNames => ["v", .. Enumerable.Range(1, dimension).Select(i => $"x[{i}]")];

    public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        var v = x[0];
        var lp = -v * v / 18;
        g[0] = -v / 9;
        for (var i = 1; i <= dimension; i++)
        {
            if (centered)
            {
                var s2 = Math.Exp(v);
                lp += -0.5 * x[i] * x[i] / s2 - 0.5 * v;
                g[i] = -x[i] / s2;
                g[0] += 0.5 * x[i] * x[i] / s2 - 0.5;
            }
            else
            {
                lp -= 0.5 * x[i] * x[i];
                g[i] = -x[i];
            }
        }

        return lp;
    }

    public ILogDensity Fork() => this;
}
