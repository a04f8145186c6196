using System.Reflection;

namespace MisterP;

/// <summary>The library's version, written into every output so results can be traced to the code that made them.</summary>
public static class LibraryInfo
{
    public static string Version { get; } =
        typeof(LibraryInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(LibraryInfo).Assembly.GetName().Version?.ToString() ?? "unknown";
}
