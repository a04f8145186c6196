namespace MisterP.Inference.Optimization;

/// <summary>Outcome of a minimization.</summary>
public sealed record MinimizationResult(double[] Point, double Value, double[] Gradient, int Iterations, bool Converged);

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright 2006, Algorithms 7.4–7.5) with a backtracking line search on the
/// Armijo condition that keeps only steps with positive curvature in the history.
/// </summary>
public static class Lbfgs
{
    /// <summary>Minimizes f; <paramref name="valueAndGradient"/> returns f(x) and writes ∇f(x).</summary>
    public static MinimizationResult Minimize(
        Func<double[], double[], double> valueAndGradient,
        double[] start,
        int maxIterations = 2000,
        double gradientTolerance = 1e-7,
        int memory = 10,
        CancellationToken cancellationToken = default)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var f = valueAndGradient(x, g);
        if (!double.IsFinite(f))
        {
            throw new InvalidOperationException("The objective is not finite at the starting point.");
        }

        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var direction = new double[n];
        var alpha = new double[memory];
        var xNew = new double[n];
        var gNew = new double[n];
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (g.Max(Math.Abs) < gradientTolerance * Math.Max(1, Math.Abs(f)))
            {
                return new MinimizationResult(x, f, g, iteration - 1, true);
            }

            // Two-loop recursion: direction = −H·g.
            Array.Copy(g, direction, n);
            for (var k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * Dot(s[k], direction);
                Axpy(-alpha[k], y[k], direction);
            }

            var gamma = s.Count > 0 ? Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]) : 1 / Math.Max(1, Math.Sqrt(Dot(g, g)));
            for (var i = 0; i < n; i++)
            {
                direction[i] *= gamma;
            }

            for (var k = 0; k < s.Count; k++)
            {
                var beta = rho[k] * Dot(y[k], direction);
                Axpy(alpha[k] - beta, s[k], direction);
            }

            for (var i = 0; i < n; i++)
            {
                direction[i] = -direction[i];
            }

            var slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction: restart from steepest descent.
                s.Clear();
                y.Clear();
                rho.Clear();
                for (var i = 0; i < n; i++)
                {
                    direction[i] = -g[i];
                }

                slope = Dot(g, direction);
            }

            var step = 1.0;
            double fNew;
            var accepted = false;
            for (var tries = 0; tries < 60; tries++)
            {
                for (var i = 0; i < n; i++)
                {
                    xNew[i] = x[i] + step * direction[i];
                }

                fNew = valueAndGradient(xNew, gNew);
                if (double.IsFinite(fNew) && fNew <= f + 1e-4 * step * slope)
                {
                    accepted = true;
                    var sk = new double[n];
                    var yk = new double[n];
                    for (var i = 0; i < n; i++)
                    {
                        sk[i] = xNew[i] - x[i];
                        yk[i] = gNew[i] - g[i];
                    }

                    var sy = Dot(sk, yk);
                    if (sy > 1e-12 * Math.Sqrt(Dot(sk, sk) * Dot(yk, yk)))
                    {
                        if (s.Count == memory)
                        {
                            s.RemoveAt(0);
                            y.RemoveAt(0);
                            rho.RemoveAt(0);
                        }

                        s.Add(sk);
                        y.Add(yk);
                        rho.Add(1 / sy);
                    }

                    var change = Math.Abs(f - fNew);
                    Array.Copy(xNew, x, n);
                    Array.Copy(gNew, g, n);
                    f = fNew;
                    if (change < 1e-14 * Math.Max(1, Math.Abs(f)) && g.Max(Math.Abs) < 1e-4 * Math.Max(1, Math.Abs(f)))
                    {
                        return new MinimizationResult(x, f, g, iteration, true);
                    }

                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                return new MinimizationResult(x, f, g, iteration, g.Max(Math.Abs) < 1e-3 * Math.Max(1, Math.Abs(f)));
            }
        }

        return new MinimizationResult(x, f, g, maxIterations, false);
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
