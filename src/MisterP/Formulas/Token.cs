namespace MisterP.Formulas;

internal enum TokenKind
{
    Name,
    Number,
    String,
    Operator,
    End,
}

/// <summary>A lexical token of a formula with its offset, for caret messages.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool Is(string op) => Kind == TokenKind.Operator && Text == op;
}
