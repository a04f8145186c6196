using System.CommandLine;

namespace MisterP.Cli.Commands;

/// <summary>Options shared by several commands, created fresh per command (an option belongs to one command).</summary>
internal static class CommonOptions
{
    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "No progress or tables; errors only." };

    public static Option<bool> Overwrite() => new("--overwrite")
    {
        Description = "Replace an existing output folder MisterP wrote (the new one is written beside it, then swapped in).",
    };

    /// <summary>--overwrite for single-file outputs (README "Overwriting and signals").</summary>
    public static Option<bool> OverwriteFile() => new("--overwrite")
    {
        Description = "Replace existing output files even when they are not MisterP's earlier output of the same kind (inputs are never overwritten).",
    };

    public static Option<string[]> Join() => new("--join")
    {
        Description = "Add group-level predictors from FILE (repeatable; pair each with --on KEY).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> TrustFit() => new("--trust-fit")
    {
        Description = "For a fit folder without stored cells (older mrp): re-run the data source its model.json records. " +
                      "Only for folders you trust; the recorded source can be any query.",
    };

    public static Option<string?> FitData() => new("--data")
    {
        Description = "The data the fit was made from, given again (instead of the cells the fit folder stores); it must give the same cells.",
    };

    public static Option<string[]> On() => new("--on") { Description = "Key column for the matching --join." };
}
