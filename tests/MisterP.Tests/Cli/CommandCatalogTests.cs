using Xunit;

namespace MisterP.Tests.Cli;

/// <summary>
/// A run that names a subcommand builds only that one (issue 16): each name must reach its own command, with the same
/// help as when the whole catalog is built, and anything else still sees every command.
/// </summary>
public class CommandCatalogTests
{
    public static TheoryData<string> Names =>
    [
        "fit", "summary", "loo", "kfold", "poststrat", "compare", "predictions", "comparisons", "slopes", "plot", "report", "simulate", "demo", "frame", "batch",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void EachNamedCommandIsBuiltAndListed(string name)
    {
        var help = CliRunner.Run(name, "--help");
        Assert.Equal(0, help.Exit);
        Assert.Matches($@"Usage:\s+\S+ {name} ", help.Output);

        var root = CliRunner.Run("--help");
        Assert.Matches($@"(?m)^\s+{name}\b", root.Output);
    }

    [Fact]
    public void AMisspelledCommandIsStillRefusedWithTheCatalog()
    {
        var run = CliRunner.Run("postsrat", "fit");
        Assert.Equal(2, run.Exit);
        Assert.Contains("Unrecognized command or argument 'postsrat'", run.Error);
    }
}
