using MisterP.Design;
using MisterP.Families;

namespace MisterP.Poststrat;

/// <summary>The group effects a chunk's rows use: fitted levels by index, new levels (index −1 − k) by fresh draws.</summary>
internal sealed record RowEffects(int[] LevelIndex, double[] Z, GroupEffects Fitted, double[][] Fresh);

/// <summary>Expected value of every row of an encoded frame chunk under one posterior draw.</summary>
internal sealed class CellPredictor
{
    private readonly ModelShape _design;
    private readonly PosteriorParameters _parameters;
    private readonly RowEffects[] _effects;
    private readonly int _p;
    private readonly double[][] _columns;
    private readonly bool _interceptsOnly;
    private readonly int[][] _indices;
    private readonly double[][] _effectDraws;

    /// <summary>
    /// The usual MRP case — varying intercepts of levels the fit has seen — in one pass per draw: fixed part, one
    /// gathered effect per term, inverse link; the row's data stay in registers instead of being re-read per term.
    /// </summary>
    private void PredictIntercepts(int s, double[] output)
    {
        var beta = _parameters.Beta.AsSpan(s * _p, _p);
        var terms = _effects.Length;
        Span<int> offsets = stackalloc int[terms];
        for (var k = 0; k < terms; k++)
        {
            offsets[k] = s * _effects[k].Fitted.LevelCount;
        }

        var link = _design.Link;
        for (var i = 0; i < output.Length; i++)
        {
            var eta = 0.0;
            for (var j = 0; j < _p; j++)
            {
                eta += _columns[j][i] * beta[j];
            }

            for (var k = 0; k < terms; k++)
            {
                eta += _effectDraws[k][offsets[k] + _indices[k][i]];
            }

            output[i] = link == Link.Logit ? 1 / (1 + Math.Exp(-eta)) : InverseLink(link, eta);
        }
    }

    public CellPredictor(ModelShape design, PosteriorParameters parameters, FrameDesign frame, RowEffects[] effects)
    {
        _design = design;
        _parameters = parameters;
        _effects = effects;
        _p = design.FixedEffects.Count;
        _interceptsOnly = effects.All(e => e.Fitted.CoefficientCount == 1 && e.Fresh.Length == 0 && e.Fitted.Term.CoefficientNames[0] == "Intercept");
        _indices = effects.Select(e => e.LevelIndex).ToArray();
        _effectDraws = effects.Select(e => e.Fitted.Effects).ToArray();
        // Column-major copy, so η = Σ_j x_j·β_j runs column by column over contiguous memory. Scalar arithmetic on
        // purpose: SIMD bodies and their scalar remainders round differently, and a row's prediction must not depend
        // on where it falls in a chunk.
        _columns = new double[_p][];
        for (var j = 0; j < _p; j++)
        {
            var column = _columns[j] = new double[frame.RowCount];
            for (var i = 0; i < column.Length; i++)
            {
                column[i] = frame.X[i * _p + j];
            }
        }
    }

    /// <summary>Writes E[y | row, θ_s] for every row into <paramref name="output"/> (thread-safe: reads only).</summary>
    public void Predict(int s, double[] output)
    {
        if (_interceptsOnly)
        {
            PredictIntercepts(s, output);
            return;
        }

        var design = _design;
        var beta = _parameters.Beta.AsSpan(s * _p, _p);
        Array.Clear(output);
        for (var j = 0; j < _p; j++)
        {
            var column = _columns[j];
            var b = beta[j];
            for (var i = 0; i < output.Length; i++)
            {
                output[i] += column[i] * b;
            }
        }

        var effects = _effects;

        foreach (var term in effects)
        {
            var c = term.Fitted.CoefficientCount;
            var levels = term.Fitted.LevelCount;
            var fitted = term.Fitted.Effects.AsSpan(s * levels * c, levels * c);
            if (c == 1 && term.Fresh.Length == 0 && term.Fitted.Term.CoefficientNames[0] == "Intercept")
            {
                // Varying intercepts of fitted levels only: a gather.
                var index = term.LevelIndex;
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] += fitted[index[i]];
                }

                continue;
            }

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
