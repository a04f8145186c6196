using System.Runtime.ExceptionServices;
using System.Text.Json;
using MisterP.Data;

namespace MisterP.Workflow;

/// <summary>
/// Loads fit folders and opens a population frame at the same time: the frame needs only the first fit's recodes
/// (model.json <c>data.recode</c>), not its draws, so on two cores reading and checking the fits overlaps the
/// frame engine's start-up and the frame's reading (issue 16: both are fixed costs of every <c>mrp poststrat</c>).
/// Errors keep their order: a fit that cannot be loaded is reported before anything wrong with the frame.
/// </summary>
public static class FitsAndFrame
{
    /// <param name="directories">The fit folders, loaded as <see cref="SavedFit.Load"/> does.</param>
    /// <param name="openFrame">Opens the frame given the first fit's recodes.</param>
    public static (IReadOnlyList<SavedFit> Fits, ITableSource Frame) Open(IReadOnlyList<string> directories, Func<RecodeRules, ITableSource> openFrame)
    {
        ArgumentOutOfRangeException.ThrowIfZero(directories.Count);
        var loading = Task.Run(() => directories.Select(SavedFit.Load).ToList());
        ITableSource? frame = null;
        ExceptionDispatchInfo? frameError = null;
        if (RecodeOf(directories[0]) is { } recode)
        {
            try
            {
                frame = openFrame(recode);
            }
            catch (Exception e)
            {
                frameError = ExceptionDispatchInfo.Capture(e);
            }
        }

        List<SavedFit> fits;
        try
        {
            fits = loading.GetAwaiter().GetResult();
        }
        catch
        {
            frame?.Dispose();
            throw;
        }

        frameError?.Throw();
        // The recodes could not be read ahead (the fit's own loading has now said what is wrong, or it loads fine).
        return (fits, frame ?? openFrame(fits[0].Recode));
    }

    /// <summary>The recodes model.json records, or null when it cannot be read here (loading the fit reports why).</summary>
    private static RecodeRules? RecodeOf(string directory)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "model.json")));
            return document.RootElement.TryGetProperty("data", out var data) ? RecodeJson.Read(data) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException or UserInputException)
        {
            return null;
        }
    }
}
