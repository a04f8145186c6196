using MisterP.Data;
using MisterP.Poststrat;
using MisterP.Workflow;

namespace MisterP.Batch;

/// <summary>
/// One runnable job: the fit (<see cref="DataSpec"/> already filtered by the entry's <c>where</c>, <see cref="Formula"/>,
/// <see cref="Fit"/>) and its post-stratification over <see cref="Frame"/>. <see cref="InputFiles"/> are the files
/// whose bytes enter the job's content hash.
/// </summary>
public sealed record BatchJob(
    BatchEntry Entry,
    string DataSpec,
    string Formula,
    FitOptions Fit,
    string Frame,
    IReadOnlyList<JoinSpec> FrameJoins,
    PoststratOptions Poststrat,
    IReadOnlyList<string> InputFiles)
{
    public string Id => Entry.Id;
}
