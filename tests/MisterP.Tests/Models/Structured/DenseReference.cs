namespace MisterP.Tests.Models.Structured;

/// <summary>
/// Independent dense linear algebra for the structured-prior exactness tests: cyclic Jacobi eigendecomposition of a
/// symmetric matrix, from which generalized inverses and determinants follow. Deliberately shares no code with the
/// library's sparse path.
/// </summary>
internal static class DenseReference
{
    /// <summary>Eigenvalues and eigenvectors (columns of V, row-major) of symmetric A.</summary>
    public static (double[] Values, double[] Vectors) Eigen(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        var v = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            v[i * n + i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    off += a[p * n + q] * a[p * n + q];
                }
            }

            if (off < 1e-30)
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[p * n + q];
                    if (Math.Abs(apq) < 1e-300)
                    {
                        continue;
                    }

                    var tau = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    var t = Math.Sign(tau) / (Math.Abs(tau) + Math.Sqrt(1 + tau * tau));
                    if (tau == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt(1 + t * t);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k * n + p];
                        var akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p * n + k];
                        var aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k * n + p];
                        var vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }

        return (Enumerable.Range(0, n).Select(i => a[i * n + i]).ToArray(), v);
    }

    /// <summary>Moore–Penrose inverse and log pseudo-determinant (eigenvalues below 1e-9 × the largest dropped), and the rank.</summary>
    public static (double[] Inverse, double LogDeterminant, int Rank) PseudoInverse(double[] matrix, int n)
    {
        var (values, vectors) = Eigen(matrix, n);
        var cut = 1e-9 * values.Max(Math.Abs);
        var inverse = new double[n * n];
        var logDet = 0.0;
        var rank = 0;
        for (var e = 0; e < n; e++)
        {
            if (values[e] <= cut)
            {
                continue;
            }

            rank++;
            logDet += Math.Log(values[e]);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    inverse[i * n + j] += vectors[i * n + e] * vectors[j * n + e] / values[e];
                }
            }
        }

        return (inverse, logDet, rank);
    }

    /// <summary>log N(x; 0, Σ) for a positive-definite Σ, through its eigenvalues.</summary>
    public static double GaussianLogDensity(double[] x, double[] covariance)
    {
        var n = x.Length;
        var (values, vectors) = Eigen(covariance, n);
        var lp = -0.5 * n * Math.Log(2 * Math.PI);
        for (var e = 0; e < n; e++)
        {
            var projection = 0.0;
            for (var i = 0; i < n; i++)
            {
                projection += vectors[i * n + e] * x[i];
            }

            lp -= 0.5 * (Math.Log(values[e]) + projection * projection / values[e]);
        }

        return lp;
    }

    public static double Quadratic(double[] q, double[] x)
    {
        var n = x.Length;
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                total += x[i] * q[i * n + j] * x[j];
            }
        }

        return total;
    }
}
