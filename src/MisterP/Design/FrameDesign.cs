namespace MisterP.Design;

/// <summary>A table (fit cells or a population frame chunk) encoded with a fit's recipe.</summary>
public sealed class FrameDesign
{
    public required int RowCount { get; init; }

    /// <summary>Fixed-effect matrix, row-major, the fit's columns.</summary>
    public required double[] X { get; init; }

    public required IReadOnlyList<FrameGroupIndex> Groups { get; init; }
}

/// <summary>
/// A group term's level per row: an index into the fit's levels, or −1 − k for the k-th level of
/// <see cref="NewLevels"/> (levels the fit never saw), and the term's slope columns.
/// </summary>
public sealed class FrameGroupIndex
{
    public required int[] LevelIndex { get; init; }

    public required IReadOnlyList<string> NewLevels { get; init; }

    /// <summary>Row-major <c>Z[row * CoefficientCount + k]</c>.</summary>
    public required double[] Z { get; init; }
}
