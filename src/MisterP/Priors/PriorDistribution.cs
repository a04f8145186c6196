using System.Globalization;

namespace MisterP.Priors;

/// <summary>
/// A prior distribution over one real (or positive) value: log density up to a constant and its derivative.
/// <c>lkj(eta)</c> applies to correlation matrices and is handled by the model.
/// </summary>
public sealed record PriorDistribution(string Family, IReadOnlyList<double> Arguments)
{
    public static PriorDistribution Normal(double mean, double scale) => new("normal", [mean, scale]);

    public static PriorDistribution Exponential(double rate) => new("exponential", [rate]);

    public static PriorDistribution Lkj(double eta) => new("lkj", [eta]);

    public static PriorDistribution Beta(double a, double b) => new("beta", [a, b]);

    public static readonly PriorDistribution Flat = new("flat", []);

    /// <summary>True for distributions that only make sense for positive values.</summary>
    public bool PositiveOnly => Family is "exponential" or "gamma" or "halfnormal" or "halfstudent_t";

    public double LogDensity(double x, out double derivative)
    {
        var a = Arguments;
        switch (Family)
        {
            case "normal":
                {
                    var z = (x - a[0]) / a[1];
                    derivative = -z / a[1];
                    return -0.5 * z * z;
                }

            case "halfnormal":
                {
                    var z = x / a[0];
                    derivative = -z / a[0];
                    return -0.5 * z * z;
                }

            case "student_t":
                return StudentT(a[0], a[1], a[2], x, out derivative);
            case "halfstudent_t":
                return StudentT(a[0], 0, a[1], x, out derivative);
            case "cauchy":
                return StudentT(1, a[0], a[1], x, out derivative);
            case "exponential":
                derivative = -a[0];
                return -a[0] * x;
            case "gamma":
                derivative = (a[0] - 1) / x - a[1];
                return (a[0] - 1) * Math.Log(x) - a[1] * x;
            case "beta":
                // On (0, 1): brms's rhocar prior. Outside the support the density is −∞.
                if (x is <= 0 or >= 1)
                {
                    derivative = 0;
                    return double.NegativeInfinity;
                }

                derivative = (a[0] - 1) / x - (a[1] - 1) / (1 - x);
                return (a[0] - 1) * Math.Log(x) + (a[1] - 1) * Math.Log(1 - x);
            case "flat":
                derivative = 0;
                return 0;
            default:
                throw new InvalidOperationException($"{Family} has no scalar density.");
        }
    }

    private static double StudentT(double nu, double mu, double sigma, double x, out double derivative)
    {
        var d = x - mu;
        derivative = -(nu + 1) * d / (nu * sigma * sigma + d * d);
        return -0.5 * (nu + 1) * Math.Log(1 + d * d / (nu * sigma * sigma));
    }

    public override string ToString() =>
        Family == "flat" ? "flat" : $"{Family}({string.Join(", ", Arguments.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture)))})";
}
