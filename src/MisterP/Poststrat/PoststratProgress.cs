namespace MisterP.Poststrat;

/// <summary>Post-stratification progress: frame cells done (after each chunk, every draw predicted) out of the total.</summary>
public sealed record PoststratProgress(long CellsDone, long TotalCells);
