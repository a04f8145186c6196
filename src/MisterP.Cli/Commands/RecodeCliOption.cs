using System.CommandLine;
using MisterP.Data;

namespace MisterP.Cli.Commands;

/// <summary><c>--recode FILE</c>: a CSV <c>variable,from,to</c> mapping raw values or intervals <c>[18,30)</c> onto the model's categories.</summary>
internal sealed class RecodeCliOption
{
    private readonly Option<string?> _recode;

    public RecodeCliOption(string description) => _recode = new Option<string?>("--recode") { Description = description };

    public void AddTo(Command command) => command.Options.Add(_recode);

    public RecodeRules Read(ParseResult parse) => parse.GetValue(_recode) is { } file ? RecodeRules.Read(file) : RecodeRules.None;
}
