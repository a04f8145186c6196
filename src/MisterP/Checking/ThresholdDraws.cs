using MisterP.Posterior;

namespace MisterP.Checking;

/// <summary>A cumulative fit's thresholds b_Intercept[1..K−1] per draw, <c>[s·(K−1) + k]</c>, chains concatenated in order.</summary>
internal static class ThresholdDraws
{
    public static double[] From(PosteriorDraws draws, int count)
    {
        var names = draws.ParameterNames.ToList();
        var columns = Enumerable.Range(1, count).Select(k => names.IndexOf($"b_Intercept[{k}]")).ToArray();
        if (columns.Any(c => c < 0))
        {
            throw new UserInputException("The fit's draws have no b_Intercept[k] thresholds; was the fit folder written by a different model? Refit it.");
        }

        var result = new double[draws.ChainCount * draws.DrawsPerChain * count];
        var width = names.Count;
        var s = 0;
        for (var chain = 0; chain < draws.ChainCount; chain++)
        {
            var values = draws.ChainParameters(chain);
            for (var d = 0; d < draws.DrawsPerChain; d++, s++)
            {
                for (var k = 0; k < count; k++)
                {
                    result[s * count + k] = values[d * width + columns[k]];
                }
            }
        }

        return result;
    }
}
