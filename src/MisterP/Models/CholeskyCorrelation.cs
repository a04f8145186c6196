namespace MisterP.Models;

/// <summary>
/// The Cholesky factor L of a C×C correlation matrix from C(C−1)/2 unconstrained reals through canonical partial
/// correlations z = tanh(y) (Lewandowski, Kurowicka &amp; Joe 2009; Stan Reference Manual, "Cholesky factors of
/// correlation matrices"), with the log Jacobian, the LKJ(η) log density of L, and forward-mode derivatives
/// dL/dy so the model's gradient stays analytic.
/// </summary>
internal sealed class CholeskyCorrelation
{
    private readonly int _c;
    private readonly int _m;
    private readonly double[] _dSumSq;
    private readonly double[] _dS;

    public CholeskyCorrelation(int dimension)
    {
        _c = dimension;
        _m = dimension * (dimension - 1) / 2;
        L = new double[dimension * dimension];
        DL = new double[_m * dimension * dimension];
        DLogDensity = new double[_m];
        _dSumSq = new double[_m];
        _dS = new double[_m];
    }

    public int FreeCount => _m;

    /// <summary>Row-major lower-triangular factor.</summary>
    public double[] L { get; }

    /// <summary>dL/dy_m, block m row-major: <c>DL[m·C² + i·C + j]</c>.</summary>
    public double[] DL { get; }

    /// <summary>d(log Jacobian + LKJ)/dy.</summary>
    public double[] DLogDensity { get; }

    /// <summary>Builds L from <paramref name="y"/>; returns log Jacobian + LKJ(η) log density (up to a constant).</summary>
    public double Build(ReadOnlySpan<double> y, double eta)
    {
        var c = _c;
        Array.Clear(L);
        Array.Clear(DL);
        Array.Clear(DLogDensity);
        L[0] = 1;
        var lp = 0.0;
        var k = 0;
        for (var i = 1; i < c; i++)
        {
            Array.Clear(_dSumSq);
            var z = Math.Tanh(y[k]);
            L[i * c] = z;
            DL[k * c * c + i * c] = 1 - z * z;
            var sumSq = z * z;
            _dSumSq[k] = 2 * z * (1 - z * z);
            lp += LogOneMinusTanhSquared(y[k]);
            DLogDensity[k] += -2 * z;
            k++;
            for (var j = 1; j < i; j++)
            {
                var oneMinus = 1 - sumSq;
                lp += 0.5 * Math.Log(oneMinus);
                var s = Math.Sqrt(oneMinus);
                for (var m = 0; m < _m; m++)
                {
                    DLogDensity[m] += -0.5 * _dSumSq[m] / oneMinus;
                    _dS[m] = -0.5 * _dSumSq[m] / s;
                }

                z = Math.Tanh(y[k]);
                L[i * c + j] = z * s;
                lp += LogOneMinusTanhSquared(y[k]);
                DLogDensity[k] += -2 * z;
                for (var m = 0; m < _m; m++)
                {
                    var d = z * _dS[m] + (m == k ? (1 - z * z) * s : 0);
                    DL[m * c * c + i * c + j] = d;
                    _dSumSq[m] += 2 * L[i * c + j] * d;
                }

                sumSq += L[i * c + j] * L[i * c + j];
                k++;
            }

            var diagonal = Math.Sqrt(Math.Max(1 - sumSq, 1e-300));
            L[i * c + i] = diagonal;
            var coefficient = c - i - 1 + 2 * eta - 2;
            lp += coefficient * Math.Log(diagonal);
            for (var m = 0; m < _m; m++)
            {
                var d = -0.5 * _dSumSq[m] / diagonal;
                DL[m * c * c + i * c + i] = d;
                DLogDensity[m] += coefficient * d / diagonal;
            }
        }

        return lp;
    }

    /// <summary>log(1 − tanh²y) = 2(log 2 − |y| − log(1 + e^−2|y|)), finite for any y.</summary>
    private static double LogOneMinusTanhSquared(double y)
    {
        var a = Math.Abs(y);
        return 2 * (Math.Log(2) - a - Math.Log(1 + Math.Exp(-2 * a)));
    }
}
