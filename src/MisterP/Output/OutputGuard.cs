namespace MisterP.Output;

/// <summary>
/// The one rule for what a command may write over (issue 12), checked before any work so a refusal costs nothing:
/// never an input of the same command, never the current folder or a folder holding an input; an existing file
/// only when it is the same kind of output MisterP wrote (or with --overwrite); an existing folder only with
/// --overwrite and only when MisterP wrote everything in it (<see cref="OutputManifest"/>). The target's folder must
/// exist and be writable.
/// </summary>
public sealed class OutputGuard
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly bool _overwrite;
    private readonly List<(string Full, string Given)> _inputs;
    private readonly List<(string Full, string Option)> _outputs = [];

    /// <param name="overwrite">--overwrite: replace an existing file of any kind (folders still only MisterP's own).</param>
    /// <param name="inputs">Files and folders the command reads, or data specs (<c>duckdb:FILE?query=…</c>); nulls are skipped.</param>
    public OutputGuard(bool overwrite, IEnumerable<string?> inputs)
    {
        _overwrite = overwrite;
        _inputs = inputs
            .Select(Data.SourcePaths.FileOf)
            .OfType<string>()
            .Select(i => (Resolve(i), i))
            .ToList();
    }

    /// <summary>Checks a single-file output given by <paramref name="option"/>; throws <see cref="UserInputException"/> when it may not be written.</summary>
    public void File(string? path, OutputKind kind, string option = "--out")
    {
        if (path is null)
        {
            return;
        }

        var full = Resolve(path);
        if (Directory.Exists(full))
        {
            throw new UserInputException($"{option} '{path}' is a folder; give a file path, e.g. {Path.Combine(path, Suggest(option))}.");
        }

        ClaimDistinct(full, path, option);
        foreach (var (input, given) in _inputs)
        {
            if (string.Equals(full, input, PathComparison))
            {
                throw new UserInputException($"{option} '{path}' is an input of this command ('{given}'); writing it would destroy the input. Choose another output path.");
            }

            if (Directory.Exists(input) && IsWithin(full, input) && System.IO.File.Exists(full))
            {
                throw new UserInputException($"{option} '{path}' is a file inside the input folder '{given}'; writing it could destroy the input. Choose a path outside that folder.");
            }
        }

        RequireWritableParent(full, path, option);
        if (System.IO.File.Exists(full) && !_overwrite && !kind.Recognises(full))
        {
            throw new UserInputException(
                $"{option} '{path}' exists and is not {kind.Description} that MisterP wrote; it is left as it is. Choose another path, or add --overwrite to replace it.");
        }
    }

    /// <summary>Checks a folder output (a fit folder, the demo's folder); throws <see cref="UserInputException"/> when it may not be written.</summary>
    public void Folder(string path, string option = "--out")
    {
        var full = Resolve(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (full.Length == 0 || Path.GetDirectoryName(full) is null)
        {
            throw new UserInputException($"{option} '{path}' is a file-system root; give a new folder, e.g. {option} fit.");
        }

        if (System.IO.File.Exists(full))
        {
            throw new UserInputException($"{option} '{path}' is a file; give a folder path.");
        }

        ClaimDistinct(full, path, option);
        var current = Resolve(Directory.GetCurrentDirectory());
        if (string.Equals(full, current, PathComparison) || IsWithin(current, full))
        {
            throw new UserInputException($"{option} '{path}' is the current folder or holds it; MisterP never replaces it. Give a new folder, e.g. {option} fit.");
        }

        foreach (var (input, given) in _inputs)
        {
            if (string.Equals(full, input, PathComparison) || IsWithin(input, full))
            {
                throw new UserInputException($"{option} '{path}' holds the input '{given}'; MisterP never replaces a folder with its input in it. Give a new folder, e.g. {option} fit.");
            }
        }

        RequireWritableParent(full, path, option);
        if (Directory.Exists(full))
        {
            if (!_overwrite)
            {
                throw new UserInputException($"Output folder '{path}' already exists; choose another {option} or add --overwrite to replace it.");
            }

            if (OutputManifest.WhyNotOurs(full) is { } reason)
            {
                throw new UserInputException(
                    $"{option} '{path}' was not replaced: {reason}. MisterP replaces only a folder it wrote itself; move your files out or choose another {option}.");
            }
        }
    }

    /// <summary>Fails unless <paramref name="full"/>'s folder exists and accepts a new file (probed by creating one).</summary>
    private static void RequireWritableParent(string full, string given, string option)
    {
        var parent = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(parent))
        {
            throw new UserInputException($"Cannot write {option} '{given}': its folder '{parent}' does not exist. Create it first or choose another path.");
        }

        var probe = Path.Combine(parent, $".mrp-write-probe-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UserInputException($"Cannot write {option} '{given}': the folder '{parent}' is not writable ({e.Message}). Choose a folder you can write to.");
        }
    }

    private void ClaimDistinct(string full, string given, string option)
    {
        foreach (var (other, otherOption) in _outputs)
        {
            if (string.Equals(full, other, PathComparison))
            {
                throw new UserInputException($"{option} and {otherOption} both name '{given}'; give each output its own path.");
            }
        }

        _outputs.Add((full, option));
    }

    private static string Suggest(string option) => option switch
    {
        "--plot" => "plot.png",
        "--draws-out" => "draws.csv",
        _ => "output.csv",
    };

    /// <summary>Full path with symbolic links resolved, so a link to an input counts as that input.</summary>
    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            return info.Exists && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static bool IsWithin(string path, string folder)
    {
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }
}
