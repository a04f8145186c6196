using Xunit;

namespace MisterP.Tests;

/// <summary>
/// Locates ../shared (the project's shared data and references). Tests that need it call <see cref="RequireFile"/>:
/// it skips with a clear message when the folder is absent, except under CI (CI=true), where that is a failure.
/// </summary>
public static class SharedData
{
    public static string? Root { get; } = FindRoot();

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "data")) && Directory.Exists(Path.Combine(candidate, "reference")))
            {
                return candidate;
            }
        }

        return null;
    }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Full path of a file under ../shared, or a skip (outside CI) / failure (in CI) when it is absent.</summary>
    public static string RequireFile(string relativePath)
    {
        var path = Root is null ? null : Path.Combine(Root, relativePath);
        if (path is not null && File.Exists(path))
        {
            return path;
        }

        var message = $"Shared file '{relativePath}' not found (looked for a 'shared' folder above {AppContext.BaseDirectory}).";
        if (InCi)
        {
            throw new InvalidOperationException(message + " Under CI the shared folder must be present.");
        }

        Assert.Skip(message);
        return path!;
    }
}
