using MisterP.Models;

namespace MisterP.Bench;

/// <summary>The anchor benchmark's targets, written exactly as bench/nuts_vs_stan.R writes them in Stan.</summary>
internal static class TargetModels
{
    public static ILogDensity Create(string name) => name switch
    {
        "normal100" => new IidNormal100(),
        "eight_schools_nc" => new EightSchoolsNonCentered(),
        "funnel" => new CenteredFunnel(),
        _ => throw new ArgumentException($"Unknown model '{name}': use normal100, eight_schools_nc or funnel."),
    };

    /// <summary>x ~ N(0, I₁₀₀).</summary>
    private sealed class IidNormal100 : ILogDensity
    {
        public int Dimension => 100;

        public IReadOnlyList<string> ParameterNames { get; } = Enumerable.Range(1, 100).Select(i => $"x[{i}]").ToList();

        public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            var lp = 0.0;
            for (var i = 0; i < x.Length; i++)
            {
                lp -= 0.5 * x[i] * x[i];
                g[i] = -x[i];
            }

            return lp;
        }

        public ILogDensity Fork() => this;
    }

    /// <summary>posteriordb eight_schools_noncentered: mu ~ N(0, 5), tau ~ half-Cauchy(0, 5), theta_tilde ~ N(0, 1).</summary>
    private sealed class EightSchoolsNonCentered : ILogDensity, IConstrainedOutputs
    {
        private static readonly double[] Y = [28, 8, -3, 7, -1, 1, 18, 12];
        private static readonly double[] Sigma = [15, 10, 16, 11, 9, 11, 10, 18];

        public int Dimension => 10;

        public IReadOnlyList<string> ParameterNames { get; } = ["mu", "log_tau", .. Enumerable.Range(1, 8).Select(i => $"theta_tilde[{i}]")];

        public IReadOnlyList<string> OutputNames { get; } = ["mu", "tau", .. Enumerable.Range(1, 8).Select(i => $"theta_tilde[{i}]")];

        public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            var mu = x[0];
            var tau = Math.Exp(x[1]);
            g.Clear();
            var lp = -0.5 * mu * mu / 25 - Math.Log(1 + tau * tau / 25) + x[1];
            g[0] = -mu / 25;
            g[1] = -2 * tau * tau / 25 / (1 + tau * tau / 25) + 1;
            for (var j = 0; j < 8; j++)
            {
                var t = x[2 + j];
                var r = (Y[j] - mu - tau * t) / Sigma[j];
                lp -= 0.5 * t * t + 0.5 * r * r;
                g[2 + j] = -t + r / Sigma[j] * tau;
                g[0] += r / Sigma[j];
                g[1] += r / Sigma[j] * tau * t;
            }

            return lp;
        }

        public void WriteOutputs(ReadOnlySpan<double> x, Span<double> outputs)
        {
            x.CopyTo(outputs);
            outputs[1] = Math.Exp(x[1]);
        }

        public ILogDensity Fork() => this;
    }

    /// <summary>Neal's funnel, centered (as the NUTS validation tests write it): v ~ N(0, 3), xᵢ ~ N(0, exp(v/2)), i = 1..9.</summary>
    private sealed class CenteredFunnel : ILogDensity
    {
        private const int Width = 9;

        public int Dimension => Width + 1;

        public IReadOnlyList<string> ParameterNames { get; } = ["v", .. Enumerable.Range(1, Width).Select(i => $"x[{i}]")];

        public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            var v = x[0];
            var lp = -v * v / 18;
            g[0] = -v / 9;
            var s2 = Math.Exp(v);
            for (var i = 1; i <= Width; i++)
            {
                lp += -0.5 * x[i] * x[i] / s2 - 0.5 * v;
                g[i] = -x[i] / s2;
                g[0] += 0.5 * x[i] * x[i] / s2 - 0.5;
            }

            return lp;
        }

        public ILogDensity Fork() => this;
    }
}
