namespace MisterP.Batch;

/// <summary>
/// Where a batch keeps things under its output folder: <c>jobs/&lt;id&gt;/</c> (the fit folder <c>fit/</c> and
/// <c>estimates.csv</c>, written as one atomic folder), <c>status/&lt;id&gt;.json</c> (one file per job, so shards
/// writing to one shared folder never write the same file) and <c>status.csv</c> (all of them, rewritten atomically).
/// </summary>
public sealed record BatchLayout(string Root)
{
    public const string Marker = ".mrp-batch";

    public string JobsFolder => Path.Combine(Root, "jobs");

    public string StatusFolder => Path.Combine(Root, "status");

    public string StatusCsv => Path.Combine(Root, "status.csv");

    public string JobFolder(string id) => Path.Combine(JobsFolder, id);

    public string StatusFile(string id) => Path.Combine(StatusFolder, id + ".json");

    /// <summary>Creates the folder (or accepts one a batch made); refuses a folder with other files in it.</summary>
    public void Prepare()
    {
        if (File.Exists(Root))
        {
            throw new UserInputException($"--out '{Root}' is a file; give a folder for the batch.");
        }

        if (Directory.Exists(Root) && !File.Exists(Path.Combine(Root, Marker)) && Directory.EnumerateFileSystemEntries(Root).Any())
        {
            throw new UserInputException($"--out '{Root}' exists and is not a batch folder (no {Marker} in it); MisterP does not write into it. Choose a new folder.");
        }

        Directory.CreateDirectory(JobsFolder);
        Directory.CreateDirectory(StatusFolder);
        File.WriteAllText(Path.Combine(Root, Marker), "MisterP batch folder\n");
    }

    /// <summary>Every job status recorded in the folder (by any run or shard).</summary>
    public IReadOnlyList<JobStatus> Statuses() =>
        Directory.Exists(StatusFolder)
            ? Directory.EnumerateFiles(StatusFolder, "*.json").Select(JobStatus.Read).OfType<JobStatus>().OrderBy(s => s.Id, StringComparer.Ordinal).ToList()
            : [];
}
