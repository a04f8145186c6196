using MisterP.Design;
using MisterP.Families;
using MisterP.Models.Structured;

namespace MisterP.Models;

/// <summary>
/// The quantities users see, named as brms names them with level text verbatim (SPEC §2): b_Intercept and b_…,
/// sd_GROUP__COEF, cor_GROUP__A__B, sigma, shape, then r_GROUP[LEVEL,COEF].
/// </summary>
internal static class OutputNaming
{
    public static IReadOnlyList<string> Names(ModelDesign design)
    {
        var names = design.FixedEffects.Names.Select(n => "b_" + n).ToList();
        foreach (var term in design.GroupTerms)
        {
            names.AddRange(term.CoefficientNames.Select(c => $"sd_{term.Name}__{c}"));
        }

        foreach (var term in design.GroupTerms.Where(t => t.Correlated))
        {
            for (var a = 0; a < term.CoefficientCount; a++)
            {
                for (var b = a + 1; b < term.CoefficientCount; b++)
                {
                    names.Add($"cor_{term.Name}__{term.CoefficientNames[a]}__{term.CoefficientNames[b]}");
                }
            }
        }

        if (design.Family == Family.Gaussian && design.Response.KnownSe is null)
        {
            names.Add("sigma");
        }

        if (design.Family == Family.NegativeBinomial)
        {
            names.Add("shape");
        }

        names.AddRange(design.GroupTerms.Select(t => t.Structure?.CorrelationName(t.Name)).OfType<string>());
        foreach (var term in design.GroupTerms)
        {
            foreach (var level in term.Levels)
            {
                names.AddRange(term.CoefficientNames.Select(c => $"r_{term.Name}[{level},{c}]"));
            }
        }

        return names;
    }

    public static void Write(
        ModelDesign design, ParameterLayout layout, double[] means, EffectScaling scaling, IReadOnlyList<IStructuredEffect?> structured, ReadOnlySpan<double> x, Span<double> o)
    {
        var p = design.FixedEffects.ColumnCount;
        var k = 0;
        var intercept = design.FixedEffects.InterceptIndex;
        for (var j = 0; j < p; j++)
        {
            o[k++] = x[layout.BetaIndex[j]] / scaling.FixedScales[j];
        }

        if (intercept >= 0)
        {
            // b_Intercept on the original scale: α − Σ x̄_j b_j.
            var shift = 0.0;
            for (var j = 0; j < p; j++)
            {
                shift += means[j] * o[j];
            }

            o[intercept] -= shift;
        }

        foreach (var block in layout.Groups)
        {
            for (var a = 0; a < block.Coefficients; a++)
            {
                o[k++] = Math.Exp(x[block.LogSd + a]);
            }
        }

        var largest = layout.Groups.Length == 0 ? 1 : layout.Groups.Max(b => b.Coefficients);
        Span<double> l = largest * largest <= 64 ? stackalloc double[64] : new double[largest * largest];
        foreach (var block in layout.Groups.Where(b => b.CpcCount > 0))
        {
            var c = block.Coefficients;
            Cholesky(x.Slice(block.Cpc, block.CpcCount), c, l);
            for (var a = 0; a < c; a++)
            {
                for (var b = a + 1; b < c; b++)
                {
                    var r = 0.0;
                    for (var d = 0; d <= a; d++)
                    {
                        r += l[a * c + d] * l[b * c + d];
                    }

                    o[k++] = r;
                }
            }
        }

        if (layout.LogSigma >= 0)
        {
            o[k++] = Math.Exp(x[layout.LogSigma]);
        }

        if (layout.LogShape >= 0)
        {
            o[k++] = Math.Exp(x[layout.LogShape]);
        }

        for (var g = 0; g < layout.Groups.Length; g++)
        {
            if (structured[g] is { } effect && layout.Groups[g].Extra >= 0)
            {
                o[k++] = effect.Correlation(x.Slice(layout.Groups[g].Extra, 1));
            }
        }

        for (var g = 0; g < layout.Groups.Length; g++)
        {
            var block = layout.Groups[g];
            var c = block.Coefficients;
            if (structured[g] is { } effect)
            {
                var extra = block.Extra >= 0 ? x.Slice(block.Extra, 1) : [];
                effect.Effects(x.Slice(block.Z, block.LatentCount), extra, Math.Exp(x[block.LogSd]), scaling.Information[g], o.Slice(k, block.Levels));
                k += block.Levels;
                continue;
            }

            if (block.CpcCount > 0)
            {
                Cholesky(x.Slice(block.Cpc, block.CpcCount), c, l);
            }

            var information = scaling.Information[g];
            for (var lev = 0; lev < block.Levels; lev++)
            {
                for (var a = 0; a < c; a++)
                {
                    var logSd = x[block.LogSd + a];
                    if (information[lev * c + a] is var info and not 0)
                    {
                        // Information-scaled: u = σz/√(1 + σ²I).
                        var sigma = Math.Exp(logSd);
                        o[k++] = sigma / Math.Sqrt(1 + sigma * sigma * info) * x[block.Z + lev * c + a];
                        continue;
                    }

                    var sd = Math.Exp(logSd);
                    double lz;
                    if (block.CpcCount == 0)
                    {
                        lz = x[block.Z + lev * c + a];
                    }
                    else
                    {
                        lz = 0;
                        for (var b = 0; b <= a; b++)
                        {
                            lz += l[a * c + b] * x[block.Z + lev * c + b];
                        }
                    }

                    o[k++] = sd * lz;
                }
            }
        }
    }

    /// <summary>Cholesky factor of a correlation matrix from CPCs (same construction as <see cref="CholeskyCorrelation"/>, values only).</summary>
    private static void Cholesky(ReadOnlySpan<double> y, int c, Span<double> l)
    {
        l[..(c * c)].Clear();
        l[0] = 1;
        var k = 0;
        for (var i = 1; i < c; i++)
        {
            l[i * c] = Math.Tanh(y[k++]);
            var sumSq = l[i * c] * l[i * c];
            for (var j = 1; j < i; j++)
            {
                l[i * c + j] = Math.Tanh(y[k++]) * Math.Sqrt(1 - sumSq);
                sumSq += l[i * c + j] * l[i * c + j];
            }

            l[i * c + i] = Math.Sqrt(Math.Max(1 - sumSq, 0));
        }
    }
}
