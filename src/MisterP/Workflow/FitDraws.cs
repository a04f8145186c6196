using System.Text.Json;
using MisterP.Output;
using MisterP.Posterior;

namespace MisterP.Workflow;

/// <summary>
/// Reads a fit folder's draws, verified against the checksums model.json records: draws.bin when it is intact and
/// a current copy of draws.csv, draws.csv when draws.bin is damaged (with a note), draws.bin when draws.csv is damaged or missing
/// (with a note), and a clear refusal when neither is intact. Whether a fit has draws at all comes from
/// model.json's method, never from which files happen to be present.
/// </summary>
internal static class FitDraws
{
    public static PosteriorDraws? Read(string directory, JsonElement model, List<string> notes)
    {
        var method = model.TryGetProperty("method", out var m) ? m.GetString() : null;
        var csvPath = Path.Combine(directory, FitFiles.DrawsCsv);
        var binPath = Path.Combine(directory, FitFiles.DrawsBin);
        if (method == "ml" || (method is null && !File.Exists(csvPath)))
        {
            return null;
        }

        // draws.bin is what is read (draws.csv is hashed only when the copy cannot be used: large fits read fast).
        var bin = FitFiles.Verify(directory, model, FitFiles.DrawsBin);
        var binUsable = bin is FileState.Intact or FileState.NotRecorded;
        if (binUsable && DrawsBinary.TryRead(binPath, csvPath) is { } current)
        {
            return current;
        }

        var csv = FitFiles.Verify(directory, model, FitFiles.DrawsCsv);
        var csvUsable = csv is FileState.Intact or FileState.NotRecorded;
        if (csvUsable && binUsable)
        {
            return DrawsCsv.Read(csvPath);
        }

        if (bin == FileState.Intact && DrawsBinary.ReadVerified(binPath) is { } fromBinary)
        {
            notes.Add($"{csvPath} {Describe(csv)}; the draws were read from draws.bin, which matches its checksum. Refit to restore draws.csv.");
            return fromBinary;
        }

        if (csvUsable)
        {
            if (bin == FileState.Corrupt)
            {
                notes.Add($"{binPath} does not match the checksum in model.json (damaged or edited); the draws were read from draws.csv instead.");
            }

            return DrawsCsv.Read(csvPath);
        }

        throw new UserInputException(
            $"{directory} was fitted by {method ?? "a draws-based method"}, but its draws cannot be trusted: draws.csv {Describe(csv)} and draws.bin {Describe(bin)}. " +
            "Restore the folder from a good copy, or refit.");
    }

    private static string Describe(FileState state) => state switch
    {
        FileState.Missing => "is missing",
        FileState.Corrupt => "does not match the checksum in model.json (damaged or edited)",
        FileState.NotRecorded => "has no checksum in model.json",
        _ => "is intact",
    };
}
