namespace MisterP.Output;

/// <summary>
/// Writes an output folder all at once: the content goes to a fresh temporary folder beside the target, which is
/// renamed into place only when complete, so a failed or cancelled run leaves no half-written folder.
/// </summary>
public static class AtomicDirectory
{
    /// <summary>Fails early (before any work) when the target exists and overwriting was not asked for.</summary>
    public static void EnsureWritable(string target, bool overwrite)
    {
        var full = Path.GetFullPath(target);
        if (File.Exists(full))
        {
            throw new UserInputException($"Output path '{target}' is a file; give a folder path for --out.");
        }

        if (Directory.Exists(full) && !overwrite)
        {
            throw new UserInputException(
                $"Output folder '{target}' already exists; choose another --out or add --overwrite to replace it.");
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new UserInputException($"Cannot create '{target}': its parent folder '{parent}' does not exist.");
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> on a temporary folder, then moves it to <paramref name="target"/>.
    /// With <paramref name="overwrite"/>, an existing target is swapped out and deleted only after the new one is in place.
    /// </summary>
    public static void Write(string target, bool overwrite, Action<string> write)
    {
        EnsureWritable(target, overwrite);
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full) ?? ".";
        var name = Path.GetFileName(full);
        var temp = Path.Combine(parent, $".{name}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            write(temp);
            if (Directory.Exists(full))
            {
                var old = Path.Combine(parent, $".{name}.old-{Guid.NewGuid():N}");
                Directory.Move(full, old);
                Directory.Move(temp, full);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(temp, full);
            }
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }
}
