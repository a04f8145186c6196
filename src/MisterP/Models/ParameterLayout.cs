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

            if (term.Structure is { } structure)
            {
                return StructuredBlock(names, term, structure, logSd);
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

    /// <summary>
    /// A structured term's block: its sd, then the latent field (φ for rw/icar, φ then θ for BYM2, the innovations z
    /// for AR1), then the unconstrained correlation (logit ρ for BYM2, atanh ρ for AR1).
    /// </summary>
    private static GroupBlock StructuredBlock(List<string> names, GroupTermDesign term, Design.Structured.StructuredTerm structure, int logSd)
    {
        var z = names.Count;
        switch (structure.Kind)
        {
            case Formulas.StructureKind.Bym2:
                names.AddRange(term.Levels.Select(l => $"phi_{term.Name}[{l}]"));
                names.AddRange(term.Levels.Select(l => $"theta_{term.Name}[{l}]"));
                break;
            default:
                names.AddRange(term.Levels.Select(l => $"z_{term.Name}[{l}]"));
                break;
        }

        var latent = names.Count - z;
        var extra = structure.Kind switch
        {
            Formulas.StructureKind.Bym2 => Add(names, $"logit_rho_{term.Name}"),
            Formulas.StructureKind.Ar1 => Add(names, $"atanh_ar_{term.Name}"),
            _ => -1,
        };
        return new GroupBlock(logSd, -1, 0, z, term.Levels.Count, 1) { LatentCount = latent, Extra = extra };
    }

    private static int Add(List<string> names, string name)
    {
        names.Add(name);
        return names.Count - 1;
    }
}

/// <summary>One group term's block: log sds, CPCs (correlated terms), standardized effects z (levels × coefficients).</summary>
internal sealed record GroupBlock(int LogSd, int Cpc, int CpcCount, int Z, int Levels, int Coefficients)
{
    /// <summary>Structured terms: how many latent coordinates start at <see cref="Z"/>; −1 for iid terms (Levels × Coefficients).</summary>
    public int LatentCount { get; init; } = -1;

    /// <summary>Structured terms: the unconstrained correlation's index, or −1.</summary>
    public int Extra { get; init; } = -1;

    public bool Structured => LatentCount >= 0;
}
