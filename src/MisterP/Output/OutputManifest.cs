namespace MisterP.Output;

/// <summary>
/// The list of files MisterP wrote into an output folder (a hidden <c>.mrp-output</c> file written last), so a later
/// <c>--overwrite</c> can tell its own folder from one holding the user's files and replace only the former.
/// </summary>
public static class OutputManifest
{
    public const string FileName = ".mrp-output";

    private const string Magic = "# MisterP output folder: the files below were written by mrp; --overwrite replaces the folder only while it holds nothing else.";

    /// <summary>Fit folders written before manifests existed: model.json plus these names only.</summary>
    private static readonly string[] LegacyFitFiles = ["model.json", "summary.csv", "draws.csv", "draws.bin"];

    /// <summary>Records every file now under <paramref name="folder"/> (call when the folder is complete).</summary>
    public static void Write(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Relative(folder, f))
            .Where(f => f != FileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        File.WriteAllLines(Path.Combine(folder, FileName), files.Prepend(Magic));
    }

    /// <summary>
    /// Null when <paramref name="folder"/> holds only files MisterP wrote there (by its manifest, or an older fit
    /// folder's fixed set of names); otherwise why not, naming a file that is not MisterP's.
    /// </summary>
    public static string? WhyNotOurs(string folder)
    {
        // Lazily: a large foreign folder (a home directory) is turned down at its first file, not after a full walk.
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Relative(folder, f));
        var manifest = Path.Combine(folder, FileName);
        Func<string, bool> known;
        if (File.Exists(manifest) && File.ReadLines(manifest).FirstOrDefault() == Magic)
        {
            var listed = File.ReadLines(manifest).Skip(1).Append(FileName).ToHashSet(StringComparer.Ordinal);
            known = listed.Contains;
        }
        else if (File.Exists(Path.Combine(folder, "model.json")))
        {
            known = f => LegacyFitFiles.Contains(f, StringComparer.Ordinal) || IsCmdStanFile(f);
        }
        else if (files.Any())
        {
            return "it has no model.json or MisterP manifest (.mrp-output), so MisterP did not write it";
        }
        else
        {
            return null;
        }

        try
        {
            var foreign = files.FirstOrDefault(f => !known(f));
            return foreign is null ? null : $"it holds '{foreign}', which MisterP did not write there";
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"part of it cannot be read ({e.Message})";
        }
    }

    private static bool IsCmdStanFile(string name) =>
        name.StartsWith("output_", StringComparison.Ordinal) && name.EndsWith(".csv", StringComparison.Ordinal) &&
        int.TryParse(name.AsSpan(7, name.Length - 11), out _);

    private static string Relative(string folder, string file) =>
        Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
}
