using MisterP.Design;
using MisterP.Poststrat;

namespace MisterP.Interpretation;

/// <summary>
/// η = Xβ + Σ_k Z_k u_k for every row of an encoded table under one draw, over the group terms chosen to be included.
/// A level the fit never saw uses the per-draw effects given for it (fresh draws from the group's distribution), or
/// zero when none are given (maximum likelihood: lme4's prediction for a new level).
/// </summary>
internal sealed class LinearPredictor
{
    private readonly PosteriorParameters _parameters;
    private readonly FrameDesign _frame;
    private readonly int _p;
    private readonly (int Term, double[]?[] Fresh)[] _terms;

    public LinearPredictor(PosteriorParameters parameters, FrameDesign frame, IReadOnlyList<int> includedTerms, Func<int, string, double[]?> newLevel)
    {
        _parameters = parameters;
        _frame = frame;
        _p = parameters.Beta.Length / parameters.DrawCount;
        _terms = includedTerms
            .Select(k => (k, frame.Groups[k].NewLevels.Select(level => newLevel(k, level)).ToArray()))
            .ToArray();
    }

    public int RowCount => _frame.RowCount;

    /// <summary>Fixed-effect row <paramref name="i"/> (the gradient of η in β).</summary>
    public ReadOnlySpan<double> Row(int i) => _frame.X.AsSpan(i * _p, _p);

    /// <summary>Writes η of every row under draw <paramref name="s"/> (thread-safe: reads only).</summary>
    public void Eta(int s, Span<double> eta)
    {
        var beta = _parameters.Beta.AsSpan(s * _p, _p);
        var x = _frame.X;
        for (var i = 0; i < eta.Length; i++)
        {
            var row = x.AsSpan(i * _p, _p);
            var sum = 0.0;
            for (var j = 0; j < row.Length; j++)
            {
                sum += row[j] * beta[j];
            }

            eta[i] = sum;
        }

        foreach (var (k, fresh) in _terms)
        {
            var group = _parameters.Groups[k];
            var c = group.CoefficientCount;
            var fitted = group.Effects.AsSpan(s * group.LevelCount * c, group.LevelCount * c);
            var encoded = _frame.Groups[k];
            for (var i = 0; i < eta.Length; i++)
            {
                var level = encoded.LevelIndex[i];
                ReadOnlySpan<double> u;
                if (level >= 0)
                {
                    u = fitted.Slice(level * c, c);
                }
                else if (fresh[-1 - level] is { } draws)
                {
                    u = draws.AsSpan(s * c, c);
                }
                else
                {
                    continue;
                }

                var z = encoded.Z.AsSpan(i * c, c);
                for (var a = 0; a < c; a++)
                {
                    eta[i] += z[a] * u[a];
                }
            }
        }
    }
}
