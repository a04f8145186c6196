using MisterP.Design;
using MisterP.Families;

namespace MisterP.Inference.Classical;

/// <summary>
/// A design's response as glm.fit sees it: per cell, the mean response (a proportion for binomial), the prior
/// weight (trials or rows, times likelihood weights) and the offset; gaussian cells also keep their within-cell
/// sum of squares so the residual sum of squares is the row-level one.
/// </summary>
internal sealed class CellData
{
    private CellData(double[] y, double[] priorWeight, double[] offset, double withinSumOfSquares)
    {
        Y = y;
        PriorWeight = priorWeight;
        Offset = offset;
        WithinSumOfSquares = withinSumOfSquares;
    }

    public double[] Y { get; }

    public double[] PriorWeight { get; }

    public double[] Offset { get; }

    private double WithinSumOfSquares { get; }

    public int Count => Y.Length;

    public static CellData From(ModelDesign design)
    {
        var r = design.Response;
        var n = design.CellCount;
        var y = new double[n];
        var prior = new double[n];
        var user = r.Weights ?? Enumerable.Repeat(1.0, n).ToArray();
        var within = 0.0;
        for (var i = 0; i < n; i++)
        {
            var size = design.Family is Family.Binomial or Family.Bernoulli ? r.Trials[i] : r.RowsPerCell[i];
            y[i] = size > 0 ? r.Y[i] / size : 0;
            prior[i] = size * user[i];
            if (r.SumOfSquares is { } ss)
            {
                within += ss[i] - size * y[i] * y[i];
            }
        }

        return new CellData(y, prior, r.Offset ?? new double[n], Math.Max(0, within));
    }

    public double ResidualSumOfSquares(double[] mu)
    {
        var rss = WithinSumOfSquares;
        for (var i = 0; i < Count; i++)
        {
            var e = Y[i] - mu[i];
            rss += PriorWeight[i] * e * e;
        }

        return rss;
    }

    /// <summary>Σ prior weight × unit deviance over cells (R's family()$dev.resids).</summary>
    public double UnitDeviance(Family family, double[] mu)
    {
        var sum = 0.0;
        for (var i = 0; i < Count; i++)
        {
            var y = Y[i];
            var m = mu[i];
            sum += PriorWeight[i] * family switch
            {
                Family.Binomial or Family.Bernoulli => 2 * (XLogXOverY(y, m) + XLogXOverY(1 - y, 1 - m)),
                Family.Poisson => 2 * (XLogXOverY(y, m) - (y - m)),
                _ => (y - m) * (y - m),
            };
        }

        return sum;
    }

    private static double XLogXOverY(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0;
}
