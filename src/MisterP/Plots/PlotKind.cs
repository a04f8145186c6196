namespace MisterP.Plots;

/// <summary>The figures <c>mrp plot</c> draws (SPEC §2).</summary>
public enum PlotKind
{
    /// <summary>Raw vs MRP (vs truth) per group, from an EST.csv and optionally a CMP.csv.</summary>
    Estimates,

    /// <summary>Forest plot of group effects per group term.</summary>
    Effects,

    /// <summary>Per-chain traces of chosen parameters.</summary>
    Trace,

    /// <summary>Per-chain rank histograms.</summary>
    Rank,

    /// <summary>Observed vs replicated group means, with a posterior predictive p-value per group.</summary>
    Ppc,

    /// <summary>Observed vs predicted shares by bins of the predicted probability (binary/binomial fits).</summary>
    Calibration,
}

/// <summary>Parsing of plot kinds as users type them.</summary>
public static class PlotKinds
{
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<PlotKind>().Select(k => k.ToString().ToLowerInvariant()).ToList();

    public static PlotKind Parse(string text)
    {
        foreach (var kind in Enum.GetValues<PlotKind>())
        {
            if (string.Equals(kind.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new UserInputException($"Unknown plot kind '{text}'; use one of {string.Join(", ", Names)}.");
    }
}
