namespace MisterP.Plots;

/// <summary>What <c>mrp plot</c> needs besides the fit folder and the kind (SPEC §2 options).</summary>
public sealed record PlotOptions
{
    /// <summary>EST.csv from <c>mrp poststrat</c> (the estimates plot needs it).</summary>
    public string? EstimatesPath { get; init; }

    /// <summary>CMP.csv from <c>mrp compare</c>: raw means with n, and truth.</summary>
    public string? ComparisonPath { get; init; }

    /// <summary>Grouping set (estimates) or grouping factor (ppc); null for the default.</summary>
    public string? By { get; init; }

    /// <summary>
    /// Estimates of an ordinal fit: the one quantity drawn per group with its interval (<c>mean</c>, <c>top_2</c>,
    /// <c>nps</c>, <c>share:CATEGORY</c>); null draws every category's share stacked.
    /// </summary>
    public string? Quantity { get; init; }

    /// <summary>The one group term the effects plot shows; null for all.</summary>
    public string? Group { get; init; }

    /// <summary>Parameters of trace and rank plots; empty for the defaults.</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>Central interval of effects and ppc plots.</summary>
    public double Interval { get; init; } = 0.9;

    /// <summary>Seed of the posterior predictive replications.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Bins of the calibration plot (equal numbers of trials).</summary>
    public int Bins { get; init; } = 10;

    /// <summary>Where ppc and calibration also write their numbers as CSV; null for none.</summary>
    public string? CsvPath { get; init; }

    public int Width { get; init; } = PlotStyle.DefaultWidth;
}
