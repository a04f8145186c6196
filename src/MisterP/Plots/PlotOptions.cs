namespace MisterP.Plots;

/// <summary>What <c>mrp plot</c> needs besides the fit folder and the kind (SPEC §2 options).</summary>
public sealed record PlotOptions
{
    /// <summary>EST.csv from <c>mrp poststrat</c> (the estimates plot needs it).</summary>
    public string? EstimatesPath { get; init; }

    /// <summary>CMP.csv from <c>mrp compare</c>: raw means with n, and truth.</summary>
    public string? ComparisonPath { get; init; }

    /// <summary>Grouping set (estimates) or grouping factor (ppc); null for the default. With <see cref="Over"/>: the factor whose levels get one panel each.</summary>
    public string? By { get; init; }

    /// <summary>Estimates: draw a time series over this ordered grouping column (a month, a wave) instead of one row per group.</summary>
    public string? Over { get; init; }

    /// <summary>Series: a CSV with the over (and by) column(s) and the truth per time point; null for none.</summary>
    public string? TruthPath { get; init; }

    /// <summary>Series: the truth's column in <see cref="TruthPath"/> (default <c>truth</c>).</summary>
    public string? TruthColumn { get; init; }

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
