namespace MisterP.Tests.Cli;

/// <summary>Runs the mrp command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = MisterP.Cli.Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
