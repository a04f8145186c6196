using MisterP.Design;
using MisterP.Families;

namespace MisterP.Poststrat;

/// <summary>The group effects a chunk's rows use: fitted levels by index, new levels (index −1 − k) by fresh draws.</summary>
internal sealed record RowEffects(int[] LevelIndex, double[] Z, GroupEffects Fitted, double[][] Fresh);

/// <summary>Expected value of every row of an encoded frame chunk under one posterior draw.</summary>
internal sealed class CellPredictor(ModelShape design, PosteriorParameters parameters, FrameDesign frame, RowEffects[] effects)
{
    private readonly int _p = design.FixedEffects.Count;

    /// <summary>Writes E[y | row, θ_s] for every row into <paramref name="output"/> (thread-safe: reads only).</summary>
    public void Predict(int s, double[] output)
    {
        var beta = parameters.Beta.AsSpan(s * _p, _p);
        var x = frame.X;
        for (var i = 0; i < output.Length; i++)
        {
            var eta = 0.0;
            var row = x.AsSpan(i * _p, _p);
            for (var j = 0; j < row.Length; j++)
            {
                eta += row[j] * beta[j];
            }

            output[i] = eta;
        }

        foreach (var term in effects)
        {
            var c = term.Fitted.CoefficientCount;
            var levels = term.Fitted.LevelCount;
            var fitted = term.Fitted.Effects.AsSpan(s * levels * c, levels * c);
            for (var i = 0; i < output.Length; i++)
            {
                var level = term.LevelIndex[i];
                var u = level >= 0 ? fitted.Slice(level * c, c) : term.Fresh[-1 - level].AsSpan(s * c, c);
                var z = term.Z.AsSpan(i * c, c);
                for (var k = 0; k < c; k++)
                {
                    output[i] += z[k] * u[k];
                }
            }
        }

        for (var i = 0; i < output.Length; i++)
        {
            output[i] = InverseLink(design.Link, output[i]);
        }
    }

    private static double InverseLink(Link link, double eta) => link switch
    {
        Link.Identity => eta,
        Link.Log => Math.Exp(eta),
        Link.Logit => 1 / (1 + Math.Exp(-eta)),
        Link.Probit => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-eta / Math.Sqrt(2)),
        Link.CLogLog => 1 - Math.Exp(-Math.Exp(eta)),
        _ => throw new ArgumentOutOfRangeException(nameof(link), link, null),
    };
}
