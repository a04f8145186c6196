using System.Globalization;
using System.Text;

namespace MisterP.Formulas;

/// <summary>Splits a formula into names (with dots, e.g. <c>np.log</c>; or <c>`back quoted`</c>), numbers, strings and operators.</summary>
internal static class Tokenizer
{
    private static readonly string[] TwoCharOperators = ["||", "**"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetter(c) || c == '_' || (c == '.' && i + 1 < text.Length && !char.IsDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, text[start..i], start));
            }
            else if (char.IsDigit(c) || c == '.')
            {
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                if (i < text.Length && text[i] is 'e' or 'E' && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] is '+' or '-'))
                {
                    i += 2;
                    while (i < text.Length && char.IsDigit(text[i]))
                    {
                        i++;
                    }
                }

                if (!double.TryParse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw new FormulaSyntaxException(text, start, $"'{text[start..i]}' is not a number.");
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start));
            }
            else if (c is '"' or '\'' or '`')
            {
                var value = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != c)
                {
                    value.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    throw new FormulaSyntaxException(text, start, $"Unclosed {(c == '`' ? "back quote" : "string")}: add the closing {c}.");
                }

                i++;
                tokens.Add(new Token(c == '`' ? TokenKind.Name : TokenKind.String, value.ToString(), start));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                if (TwoCharOperators.Contains(two))
                {
                    tokens.Add(new Token(TokenKind.Operator, two, start));
                    i += 2;
                }
                else if ("~+-*/:^|(),=".Contains(c))
                {
                    tokens.Add(new Token(TokenKind.Operator, c.ToString(), start));
                    i++;
                }
                else
                {
                    throw new FormulaSyntaxException(text, start, $"Unexpected character '{c}' in the formula.");
                }
            }
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
        return tokens;
    }
}
