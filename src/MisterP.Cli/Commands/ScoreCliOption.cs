using System.CommandLine;
using System.Globalization;

namespace MisterP.Cli.Commands;

/// <summary><c>--score "1,2,3,4,5"</c>: the value of each category of an ordinal outcome for its mean (expected) score.</summary>
internal sealed class ScoreCliOption
{
    private readonly Option<string?> _score;

    public ScoreCliOption(string description) => _score = new Option<string?>("--score") { Description = description };

    public void AddTo(Command command) => command.Options.Add(_score);

    /// <summary>The scores given, or null when the option is absent.</summary>
    public IReadOnlyList<double>? Read(ParseResult parse) => parse.GetValue(_score) is { } text ? Parse(text) : null;

    public static List<double> Parse(string text) => text.Split(',').Select(part =>
        double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new UserInputException($"--score \"{text}\": '{part.Trim()}' is not a number; give one number per category, separated by commas.")).ToList();
}
