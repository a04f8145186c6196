using MisterP.Design;
using MisterP.Families;

namespace MisterP.Models;

/// <summary>Where each block of a hierarchical GLM lives in the unconstrained vector.</summary>
internal sealed class ParameterLayout
{
    public ParameterLayout(ModelDesign design)
    {
        var names = new List<string>();
        var p = design.FixedEffects.ColumnCount;
        BetaIndex = new int[p];
        for (var j = 0; j < p; j++)
        {
            BetaIndex[j] = names.Count;
            names.Add(j == design.FixedEffects.InterceptIndex ? "Intercept_centered" : "b_" + design.FixedEffects.Names[j]);
        }

        Groups = design.GroupTerms.Select(term =>
        {
            var c = term.CoefficientCount;
            var logSd = names.Count;
            names.AddRange(term.CoefficientNames.Select(n => $"log_sd_{term.Name}__{n}"));
            var cpc = -1;
            var cpcCount = term.Correlated ? c * (c - 1) / 2 : 0;
            if (cpcCount > 0)
            {
                cpc = names.Count;
                names.AddRange(Enumerable.Range(1, cpcCount).Select(i => $"cpc_{term.Name}[{i}]"));
            }

            var z = names.Count;
            foreach (var level in term.Levels)
            {
                names.AddRange(term.CoefficientNames.Select(n => $"z_{term.Name}[{level},{n}]"));
            }

            return new GroupBlock(logSd, cpc, cpcCount, z, term.Levels.Count, c);
        }).ToArray();

        LogSigma = design.Family == Family.Gaussian && design.Response.KnownSe is null ? Add(names, "log_sigma") : -1;
        LogShape = design.Family == Family.NegativeBinomial ? Add(names, "log_shape") : -1;
        Names = names;
    }

    public int[] BetaIndex { get; }

    public GroupBlock[] Groups { get; }

    public int LogSigma { get; }

    public int LogShape { get; }

    public IReadOnlyList<string> Names { get; }

    public int Dimension => Names.Count;

    private static int Add(List<string> names, string name)
    {
        names.Add(name);
        return names.Count - 1;
    }
}

/// <summary>One group term's block: log sds, CPCs (correlated terms), standardized effects z (levels × coefficients).</summary>
internal sealed record GroupBlock(int LogSd, int Cpc, int CpcCount, int Z, int Levels, int Coefficients);
