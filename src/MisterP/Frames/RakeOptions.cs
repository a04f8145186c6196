namespace MisterP.Frames;

/// <summary>Options of <c>mrp frame rake</c>.</summary>
public sealed record RakeOptions
{
    /// <summary>The area column of the margins (and of the joint, when it holds one seed per area).</summary>
    public required string By { get; init; }

    /// <summary>The joint's count column, and the name of the synthetic frame's count column.</summary>
    public string Weight { get; init; } = "n";

    /// <summary>Largest relative margin error accepted (|fitted − target| / target, every level of every margin).</summary>
    public double Tolerance { get; init; } = 1e-10;

    public int MaxIterations { get; init; } = 1000;

    /// <summary>Totals of different margins of one area may differ by this much (relative) before they are inconsistent.</summary>
    public double TotalsTolerance { get; init; } = 1e-6;
}

/// <summary>How one area's fit went: sweeps taken, the largest relative margin error left, and the area's total.</summary>
public sealed record AreaFit(string Area, int Iterations, double MaxRelativeError, double Total);

/// <summary>The synthetic frame (area, the joint's variables, count) and the per-area fits.</summary>
public sealed record RakedFrame(Data.DataTable Frame, IReadOnlyList<AreaFit> Areas);
