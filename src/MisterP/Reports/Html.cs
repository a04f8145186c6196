using System.Text;

namespace MisterP.Reports;

/// <summary>HTML escaping of text and attribute values (the five characters HTML gives meaning).</summary>
public static class Html
{
    public static string Escape(string text)
    {
        var s = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            s.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return s.ToString();
    }
}
