using MisterP.Design;
using MisterP.Families;
using MisterP.Posterior;

namespace MisterP.Poststrat;

/// <summary>
/// The posterior draws a prediction needs, pulled out of <see cref="PosteriorDraws"/> by their brms-style names and
/// laid out flat per draw: fixed effects <c>[s·P + j]</c>, and per group term the effects
/// <c>[(s·L + level)·C + c]</c> and sds <c>[s·C + c]</c> (plus correlations for correlated terms).
/// </summary>
public sealed class PosteriorParameters
{
    private PosteriorParameters(int drawCount, double[] beta, IReadOnlyList<GroupEffects> groups, double[]? sigma, double[]? shape)
    {
        DrawCount = drawCount;
        Beta = beta;
        Groups = groups;
        Sigma = sigma;
        Shape = shape;
    }

    /// <summary>Total draws, chains concatenated in order.</summary>
    public int DrawCount { get; }

    public double[] Beta { get; }

    public IReadOnlyList<GroupEffects> Groups { get; }

    public double[]? Sigma { get; }

    public double[]? Shape { get; }

    public static PosteriorParameters From(ModelShape design, PosteriorDraws draws)
    {
        var index = draws.ParameterNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var total = draws.ChainCount * draws.DrawsPerChain;
        var fixedNames = design.FixedEffects.Select(n => "b_" + n).ToArray();
        var beta = Gather(draws, index, fixedNames, total);
        var groups = design.GroupTerms.Select(term =>
        {
            var coefficients = term.CoefficientNames;
            var effectNames = term.Levels.SelectMany(level => coefficients.Select(c => $"r_{term.Name}[{level},{c}]")).ToArray();
            var sdNames = coefficients.Select(c => $"sd_{term.Name}__{c}").ToArray();
            var corNames = new List<string>();
            if (term.Correlated)
            {
                for (var a = 0; a < coefficients.Count; a++)
                {
                    for (var b = a + 1; b < coefficients.Count; b++)
                    {
                        corNames.Add($"cor_{term.Name}__{coefficients[a]}__{coefficients[b]}");
                    }
                }
            }

            return new GroupEffects(
                term,
                Gather(draws, index, effectNames, total),
                Gather(draws, index, sdNames, total),
                corNames.Count > 0 ? Gather(draws, index, corNames, total) : null);
        }).ToList();
        var sigma = design.Family == Family.Gaussian && !design.HasKnownSe ? Gather(draws, index, ["sigma"], total) : null;
        var shape = design.Family == Family.NegativeBinomial ? Gather(draws, index, ["shape"], total) : null;
        return new PosteriorParameters(total, beta, groups, sigma, shape);
    }

    /// <summary>Values of <paramref name="names"/> per draw, row-major <c>[s·names.Count + k]</c>.</summary>
    private static double[] Gather(PosteriorDraws draws, Dictionary<string, int> index, IReadOnlyList<string> names, int total)
    {
        var columns = names.Select(n => index.TryGetValue(n, out var i)
            ? i
            : throw new UserInputException($"The fit's draws have no '{n}'; was the fit folder written by a different model? Refit it.")).ToArray();
        var result = new double[total * names.Count];
        var s = 0;
        for (var chain = 0; chain < draws.ChainCount; chain++)
        {
            var values = draws.ChainParameters(chain);
            var width = draws.ParameterNames.Count;
            for (var d = 0; d < draws.DrawsPerChain; d++, s++)
            {
                for (var k = 0; k < columns.Length; k++)
                {
                    result[s * names.Count + k] = values[d * width + columns[k]];
                }
            }
        }

        return result;
    }
}

/// <summary>Draws of one group term's effects, sds and (for correlated terms) correlations.</summary>
public sealed record GroupEffects(GroupShape Term, double[] Effects, double[] Sds, double[]? Correlations)
{
    public int LevelCount => Term.Levels.Count;

    public int CoefficientCount => Term.CoefficientCount;
}
