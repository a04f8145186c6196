using MisterP.Design;
using MisterP.Posterior;

namespace MisterP.Poststrat;

/// <summary>
/// One non-reference category's predictor out of a categorical or multinomial fit's draws: the parameters brms names
/// for it (<c>b_muB_male</c>, <c>r_state__muB[AL,Intercept]</c>, …) under their GLM names (<c>b_male</c>,
/// <c>r_state[AL,Intercept]</c>), so that the GLM's prediction machinery reads them as it reads a binary fit's.
/// </summary>
internal static class CategoryDraws
{
    public static PosteriorDraws For(PosteriorDraws draws, CategoryNames names, int category)
    {
        var columns = new List<int>();
        var renamed = new List<string>();
        for (var i = 0; i < draws.ParameterNames.Count; i++)
        {
            if (names.Parse(draws.ParameterNames[i]) is { } parsed && parsed.Category == category)
            {
                columns.Add(i);
                renamed.Add(parsed.GlmName);
            }
        }

        var width = draws.ParameterNames.Count;
        var values = new List<double[]>();
        var statistics = new List<double[]>();
        for (var chain = 0; chain < draws.ChainCount; chain++)
        {
            var source = draws.ChainParameters(chain);
            var target = new double[draws.DrawsPerChain * columns.Count];
            for (var d = 0; d < draws.DrawsPerChain; d++)
            {
                for (var k = 0; k < columns.Count; k++)
                {
                    target[d * columns.Count + k] = source[d * width + columns[k]];
                }
            }

            values.Add(target);
            statistics.Add([]);
        }

        return new PosteriorDraws(renamed, values, [], statistics, draws.DrawsPerChain);
    }
}
