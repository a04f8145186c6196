namespace MisterP.Cli;

/// <summary>Where a command writes, and the token that Ctrl-C cancels.</summary>
public sealed class CliContext(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public CancellationToken Cancellation { get; set; }

    /// <summary>True when standard output is a terminal (progress bars and colours make sense).</summary>
    public bool Interactive => ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected;
}
