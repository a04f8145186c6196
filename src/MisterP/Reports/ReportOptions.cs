namespace MisterP.Reports;

/// <summary>What <c>mrp report</c> adds to a fit folder: estimates and comparison files, a title and notes.</summary>
public sealed record ReportOptions
{
    /// <summary>Page title; null for one made from the formula.</summary>
    public string? Title { get; init; }

    /// <summary>Extra paragraphs shown as notes at the top, under "At a glance" (e.g. what the analysis cannot correct).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>EST.csv from <c>mrp poststrat</c>.</summary>
    public string? EstimatesPath { get; init; }

    /// <summary>CMP.csv from <c>mrp compare</c>.</summary>
    public string? ComparisonPath { get; init; }

    /// <summary>The grouping set to show (default: the comparison's, else the only one besides the whole population).</summary>
    public string? By { get; init; }

    /// <summary>How the fit folder is named in the report; null for its path (the demo names where it will be, not the temporary folder it writes in).</summary>
    public string? FitFolderLabel { get; init; }

    /// <summary>Other fit folders to compare with this one in the model-checking section (<c>--compare-fits</c>).</summary>
    public IReadOnlyList<string> CompareFits { get; init; } = [];

    /// <summary>PSIS-LOO of the fit (and of <see cref="CompareFits"/>), computed by the workflow; null when not available.</summary>
    public Checking.LooAnalysis? ModelChecking { get; init; }

    /// <summary>Why <see cref="ModelChecking"/> is absent, shown in its place.</summary>
    public string? ModelCheckingNote { get; init; }

    /// <summary>Posterior predictive figures of the fit (ppc by its first grouping factor; calibration for binomial fits), drawn by the workflow; empty when not available.</summary>
    public IReadOnlyList<ImageBlock> ModelCheckingFigures { get; init; } = [];

    /// <summary>Central interval of the group effects plot.</summary>
    public double Interval { get; init; } = 0.9;
}
