using System.CommandLine;
using MisterP.Data;

namespace MisterP.Cli.Commands;

/// <summary><c>--join FILE --on KEY</c> pairs (repeatable): group-level predictors added to the data or frame.</summary>
internal sealed class JoinCliOptions
{
    private readonly Option<string[]> _join = new("--join")
    {
        Description = "File with group-level predictors to join (repeatable; pair each with --on KEY[,KEY2]).",
    };

    private readonly Option<string[]> _on = new("--on") { Description = "Key column(s) for the matching --join, comma-separated." };

    public void AddTo(Command command)
    {
        command.Options.Add(_join);
        command.Options.Add(_on);
    }

    public IReadOnlyList<JoinSpec> Read(ParseResult parse)
    {
        var files = parse.GetValue(_join) ?? [];
        var keys = parse.GetValue(_on) ?? [];
        if (files.Length != keys.Length)
        {
            throw new UserInputException(
                $"Each --join FILE needs its own --on KEY: got {files.Length} --join and {keys.Length} --on. Example: --join statelevel_predictors.csv --on state");
        }

        return files.Zip(keys, (file, key) => new JoinSpec(file, key.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))).ToList();
    }
}
