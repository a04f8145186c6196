namespace MisterP.Formulas;

/// <summary>A formula that cannot be read; the message shows the formula with a caret under the problem.</summary>
public sealed class FormulaSyntaxException(string formula, int position, string explanation)
    : UserInputException(Compose(formula, position, explanation))
{
    public int Position { get; } = position;

    public string Explanation { get; } = explanation;

    public static string Compose(string formula, int position, string explanation)
    {
        // A long formula (thousands of terms) is shown as a window around the problem, not in full.
        const int Window = 60;
        position = Math.Clamp(position, 0, formula.Length);
        var start = Math.Max(0, position - Window);
        var end = Math.Min(formula.Length, position + Window);
        var prefix = start > 0 ? "…" : string.Empty;
        var shown = prefix + formula[start..end] + (end < formula.Length ? "…" : string.Empty);
        var caret = new string(' ', prefix.Length + position - start) + "^";
        return $"{explanation}\n  {shown}\n  {caret}";
    }
}
