namespace MisterP.Formulas;

/// <summary>A formula that cannot be read; the message shows the formula with a caret under the problem.</summary>
public sealed class FormulaSyntaxException(string formula, int position, string explanation)
    : UserInputException(Compose(formula, position, explanation))
{
    public int Position { get; } = position;

    public string Explanation { get; } = explanation;

    public static string Compose(string formula, int position, string explanation)
    {
        var caret = new string(' ', Math.Clamp(position, 0, formula.Length)) + "^";
        return $"{explanation}\n  {formula}\n  {caret}";
    }
}
