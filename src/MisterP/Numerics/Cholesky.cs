namespace MisterP.Numerics;

/// <summary>Dense Cholesky factorization A = LLᵀ of a symmetric matrix (row-major), for metrics and Laplace approximations.</summary>
public static class Cholesky
{
    /// <summary>The lower factor, or null when A is not positive definite.</summary>
    public static double[]? Factor(double[] a, int n)
    {
        var l = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i * n + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i * n + k] * l[j * n + k];
                }

                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        return null;
                    }

                    l[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }

        return l;
    }
}
