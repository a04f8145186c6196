using System.Numerics;

namespace MisterP.Poststrat;

/// <summary>
/// The linear predictor's posterior draws with each parameter's draws contiguous — fixed effects
/// <c>[j·Stride + s]</c>, each group term's effects <c>[(level·C + c)·Stride + s]</c> — padded with zeros to
/// <see cref="Stride"/>, a whole number of SIMD vectors. One frame cell's predictions for consecutive draws are then
/// SIMD lanes (and a draw's value never depends on which cells share its chunk).
/// </summary>
internal sealed class DrawColumns
{
    private DrawColumns(int drawCount, int stride, double[] beta, double[][] effects)
    {
        DrawCount = drawCount;
        Stride = stride;
        Beta = beta;
        Effects = effects;
    }

    public int DrawCount { get; }

    /// <summary>Draws rounded up to a multiple of <see cref="Vector{T}.Count"/>.</summary>
    public int Stride { get; }

    public double[] Beta { get; }

    /// <summary>Per group term, its fitted levels' effects.</summary>
    public double[][] Effects { get; }

    public static int StrideFor(int drawCount) => (drawCount + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;

    public static DrawColumns From(PosteriorParameters parameters)
    {
        var s = parameters.DrawCount;
        var stride = StrideFor(s);
        var p = parameters.Beta.Length / Math.Max(1, s);
        var effects = parameters.Groups.Select(g => Transpose(g.Effects, s, g.LevelCount * g.CoefficientCount, stride)).ToArray();
        return new DrawColumns(s, stride, Transpose(parameters.Beta, s, p, stride), effects);
    }

    /// <summary>
    /// Term <paramref name="term"/>'s effects table with rows for levels the fit never saw appended after the fitted
    /// levels (<paramref name="fresh"/>: per new level, its draws <c>[s·C + c]</c>).
    /// </summary>
    public double[] WithNewLevels(int term, int coefficients, IReadOnlyList<double[]> fresh) =>
        fresh.Count == 0 ? Effects[term] : [.. Effects[term], .. NewLevelRows(coefficients, fresh)];

    /// <summary>The new levels' rows alone, parameter-major like <see cref="Effects"/>.</summary>
    public double[] NewLevelRows(int coefficients, IReadOnlyList<double[]> fresh)
    {
        var rows = new double[fresh.Count * coefficients * Stride];
        for (var f = 0; f < fresh.Count; f++)
        {
            Transpose(fresh[f], DrawCount, coefficients, Stride).CopyTo(rows, f * coefficients * Stride);
        }

        return rows;
    }

    /// <summary>Draw-major <c>[s·width + k]</c> → parameter-major <c>[k·stride + s]</c>.</summary>
    private static double[] Transpose(double[] byDraw, int draws, int width, int stride)
    {
        var result = new double[width * stride];
        for (var s = 0; s < draws; s++)
        {
            for (var k = 0; k < width; k++)
            {
                result[k * stride + s] = byDraw[s * width + k];
            }
        }

        return result;
    }
}
