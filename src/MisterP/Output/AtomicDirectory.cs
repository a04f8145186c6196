namespace MisterP.Output;

/// <summary>
/// Writes an output folder all at once: the content goes to a fresh temporary folder beside the target, which is
/// renamed into place only when complete, so a failed or cancelled run leaves no half-written folder. The folder's
/// <see cref="OutputManifest"/> is written last, so a later --overwrite knows the folder is MisterP's.
/// </summary>
public static class AtomicDirectory
{
    /// <summary>Fails early (before any work) when the target may not be written (<see cref="OutputGuard.Folder"/>).</summary>
    public static void EnsureWritable(string target, bool overwrite) => new OutputGuard(overwrite, []).Folder(target);

    /// <summary>
    /// Runs <paramref name="write"/> on a temporary folder, then moves it to <paramref name="target"/>.
    /// With <paramref name="overwrite"/>, an existing target is swapped out and deleted only after the new one is in place.
    /// Cancellation before the move removes the temporary folder and leaves the target untouched.
    /// </summary>
    public static void Write(string target, bool overwrite, Action<string> write, CancellationToken cancellationToken = default)
    {
        EnsureWritable(target, overwrite);
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full) ?? ".";
        var name = Path.GetFileName(full);
        var temp = Path.Combine(parent, $".{name}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            write(temp);
            OutputManifest.Write(temp);
            cancellationToken.ThrowIfCancellationRequested();
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
