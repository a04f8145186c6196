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
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Relative(folder, f)).ToList();
        if (files.Count == 0)
        {
            return null;
        }

        var manifest = Path.Combine(folder, FileName);
        HashSet<string> known;
        if (File.Exists(manifest) && File.ReadLines(manifest).FirstOrDefault() == Magic)
        {
            known = File.ReadLines(manifest).Skip(1).Append(FileName).ToHashSet(StringComparer.Ordinal);
        }
        else if (File.Exists(Path.Combine(folder, "model.json")))
        {
            known = LegacyFitFiles.ToHashSet(StringComparer.Ordinal);
            known.UnionWith(files.Where(f => IsCmdStanFile(f)));
        }
        else
        {
            return "it has no model.json or MisterP manifest (.mrp-output), so MisterP did not write it";
        }

        var foreign = files.FirstOrDefault(f => !known.Contains(f));
        return foreign is null ? null : $"it holds '{foreign}', which MisterP did not write there";
    }

    private static bool IsCmdStanFile(string name) =>
        name.StartsWith("output_", StringComparison.Ordinal) && name.EndsWith(".csv", StringComparison.Ordinal) &&
        int.TryParse(name.AsSpan(7, name.Length - 11), out _);

    private static string Relative(string folder, string file) =>
        Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
}
