namespace MisterP.Tests.Cli;

/// <summary>Runs the mrp command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args) => Run(CancellationToken.None, args);

    /// <summary>Runs with <paramref name="cancellation"/> standing in for a signal (Program.Main cancels on SIGINT/SIGTERM/SIGHUP).</summary>
    public static (int Exit, string Output, string Error) Run(CancellationToken cancellation, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = MisterP.Cli.Program.Run(args, output, error, cancellation);
        return (exit, output.ToString(), error.ToString());
    }
}
