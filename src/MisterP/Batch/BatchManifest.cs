namespace MisterP.Batch;

/// <summary>A manifest read and checked in full: every job ready to run, or one error listing every problem found.</summary>
public static class BatchManifest
{
    /// <summary>Reads and checks <paramref name="path"/>; throws <see cref="UserInputException"/> naming each bad job or row.</summary>
    public static IReadOnlyList<BatchJob> Load(string path)
    {
        var errors = new List<string>();
        var entries = BatchManifestReader.Read(path, errors);
        var baseFolder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var jobs = entries.Select(e => BatchJobBuilder.Build(e, baseFolder, errors)).OfType<BatchJob>().ToList();
        if (errors.Count > 0)
        {
            throw new UserInputException(
                $"Manifest '{path}' has {errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}; no job was run:\n  " + string.Join("\n  ", errors));
        }

        if (jobs.Count == 0)
        {
            throw new UserInputException($"Manifest '{path}' has no jobs.");
        }

        return jobs;
    }
}
