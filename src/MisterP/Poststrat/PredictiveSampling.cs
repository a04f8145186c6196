using MisterP.Numerics;

namespace MisterP.Poststrat;

/// <summary>
/// Outcome totals of a cell's whole population for posterior predictive post-stratification: a binomial count of
/// successes among N, a Poisson or negative binomial total over N units, a gaussian mean of N units.
/// </summary>
internal static class PredictiveSampling
{
    /// <summary>
    /// The category shares of N simulated units: counts ~ Multinomial(N, p) drawn as conditional binomials (category k
    /// gets Binomial(N − n_&lt;k, p_k / (1 − p_&lt;k)), the last one the rest), each divided by N, in place of
    /// <paramref name="probabilities"/>. Units are whole: N is rounded, and a cell that rounds to nobody keeps p.
    /// </summary>
    public static void MultinomialShares(Xoshiro256 random, double n, Span<double> probabilities)
    {
        var units = Math.Round(n);
        if (units <= 0)
        {
            return;
        }

        Multinomial(random, units, probabilities);
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] /= units;
        }
    }

    /// <summary>
    /// Replaces the probabilities in <paramref name="values"/> by the counts of <paramref name="n"/> multinomial draws:
    /// successive binomials, category c taking Binomial(n left, p_c / probability left), the last the rest.
    /// </summary>
    public static void Multinomial(Xoshiro256 random, double n, Span<double> values)
    {
        var left = n;
        var mass = 1.0;
        for (var c = 0; c < values.Length; c++)
        {
            var p = values[c];
            var count = c == values.Length - 1 ? left : Binomial(random, left, mass > 0 ? Math.Min(p / mass, 1) : 0);
            mass -= p;
            left -= count;
            values[c] = count;
        }
    }

    /// <summary>
    /// Binomial(n, p): exact (Bernoulli sum or inversion) while n·p·(1−p) &lt; 30, else the normal approximation
    /// with continuity correction, whose error at that variance is far below the posterior's own spread.
    /// </summary>
    public static double Binomial(Xoshiro256 random, double n, double p)
    {
        if (n <= 0 || p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        var variance = n * p * (1 - p);
        if (variance >= 30)
        {
            var k = Math.Round(n * p + Math.Sqrt(variance) * random.Normal());
            return Math.Clamp(k, 0, n);
        }

        if (n <= 32)
        {
            var count = 0;
            for (var i = 0; i < (int)n; i++)
            {
                count += random.Uniform() < p ? 1 : 0;
            }

            return count;
        }

        // Inversion from k = 0 on the smaller tail: expected cost O(n·min(p, 1−p)), small here.
        var flip = p > 0.5;
        var q = flip ? 1 - p : p;
        var ratio = q / (1 - q);
        var probability = Math.Exp(n * Math.Log(1 - q));
        var u = random.Uniform();
        var x = 0.0;
        while (u > probability && x < n)
        {
            u -= probability;
            probability *= ratio * (n - x) / (x + 1);
            x++;
        }

        return flip ? n - x : x;
    }

    /// <summary>Poisson(λ): inversion below 10, PTRS transformed rejection above (Hörmann 1993).</summary>
    public static double Poisson(Xoshiro256 random, double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda < 10)
        {
            var limit = Math.Exp(-lambda);
            var k = 0;
            var product = random.Uniform();
            while (product > limit)
            {
                k++;
                product *= random.Uniform();
            }

            return k;
        }

        var slam = Math.Sqrt(lambda);
        var loglam = Math.Log(lambda);
        var b = 0.931 + 2.53 * slam;
        var a = -0.059 + 0.02483 * b;
        var invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        var vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            var u = random.Uniform() - 0.5;
            var v = random.Uniform();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log(a / (us * us) + b) <= -lambda + k * loglam - LogFactorial(k))
            {
                return k;
            }
        }
    }

    private static double LogFactorial(double k) => MathNet.Numerics.SpecialFunctions.GammaLn(k + 1);
}
