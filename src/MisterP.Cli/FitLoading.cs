using MisterP.Workflow;

namespace MisterP.Cli;

/// <summary>Loads a fit folder for a command, with the data access the user chose, and passes on what reading it noticed.</summary>
internal static class FitLoading
{
    public static SavedFit Load(CliContext context, string directory, FitDataAccess? access = null)
    {
        var fit = SavedFit.Load(directory);
        PrintNotes(context, fit.Notes);
        return access is null ? fit : fit.WithDataAccess(access);
    }

    public static void PrintNotes(CliContext context, IReadOnlyList<string> notes)
    {
        foreach (var note in notes)
        {
            context.Error.WriteLine($"Note: {note}");
        }
    }
}
