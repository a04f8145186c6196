using System.Text;
using MisterP.Numerics;

namespace MisterP.Poststrat;

/// <summary>
/// Effects for group levels the fit never saw: in each posterior draw s, a fresh u ~ N(0, Σ_s) with Σ_s built from
/// that draw's sds (and correlations), distinct per level (DESIGN §6). Each level's stream depends only on the seed,
/// the term and the level text, so results do not depend on chunking or on the order levels appear in.
/// </summary>
public sealed class NewLevelEffects(PosteriorParameters parameters, ulong seed)
{
    private readonly Dictionary<(int Term, string Level), double[]> _effects = [];

    /// <summary>Levels drawn so far, per term index, in first-seen order (reported to the user).</summary>
    public IReadOnlyList<(string Term, string Level)> Levels => _order;

    private readonly List<(string Term, string Level)> _order = [];

    /// <summary>Per-draw effects of <paramref name="level"/> of term <paramref name="term"/>, row-major <c>[s·C + c]</c>.</summary>
    public double[] For(int term, string level)
    {
        if (_effects.TryGetValue((term, level), out var cached))
        {
            return cached;
        }

        var group = parameters.Groups[term];
        var c = group.CoefficientCount;
        var effects = new double[parameters.DrawCount * c];
        var random = Xoshiro256.ForChain(seed ^ StableHash(group.Term.Name + "\u001f" + level), term + 1);
        var z = new double[c];
        var chol = new double[c * c];
        for (var s = 0; s < parameters.DrawCount; s++)
        {
            for (var k = 0; k < c; k++)
            {
                z[k] = random.Normal();
            }

            var sds = group.Sds.AsSpan(s * c, c);
            var row = effects.AsSpan(s * c, c);
            if (group.Correlations is { } correlations && c > 1)
            {
                CorrelationCholesky(correlations.AsSpan(s * (c * (c - 1) / 2), c * (c - 1) / 2), c, chol);
                for (var i = 0; i < c; i++)
                {
                    var sum = 0.0;
                    for (var j = 0; j <= i; j++)
                    {
                        sum += chol[i * c + j] * z[j];
                    }

                    row[i] = sds[i] * sum;
                }
            }
            else
            {
                for (var i = 0; i < c; i++)
                {
                    row[i] = sds[i] * z[i];
                }
            }
        }

        _effects[(term, level)] = effects;
        _order.Add((group.Term.Name, level));
        return effects;
    }

    /// <summary>Lower Cholesky factor of the correlation matrix given its upper triangle (row-major pairs a &lt; b).</summary>
    private static void CorrelationCholesky(ReadOnlySpan<double> upper, int c, double[] chol)
    {
        Span<double> r = stackalloc double[c * c];
        var p = 0;
        for (var a = 0; a < c; a++)
        {
            r[a * c + a] = 1;
            for (var b = a + 1; b < c; b++, p++)
            {
                r[a * c + b] = r[b * c + a] = upper[p];
            }
        }

        Array.Clear(chol);
        for (var i = 0; i < c; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = r[i * c + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= chol[i * c + k] * chol[j * c + k];
                }

                // A correlation draw on the boundary (|ρ| = 1) leaves a zero pivot: clamp rather than produce NaN.
                chol[i * c + j] = i == j ? Math.Sqrt(Math.Max(sum, 0)) : chol[j * c + j] > 0 ? sum / chol[j * c + j] : 0;
            }
        }
    }

    /// <summary>FNV-1a over UTF-8: stable across processes and platforms, unlike string.GetHashCode.</summary>
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
