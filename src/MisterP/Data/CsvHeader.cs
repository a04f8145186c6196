using System.Text;

namespace MisterP.Data;

/// <summary>
/// A delimited file's header read as written. The engine silently renames a repeated column name (the second
/// <c>male</c> becomes <c>male_1</c>), so a formula could read the wrong one; a repeat is refused, naming both positions.
/// </summary>
internal static class CsvHeader
{
    public static void RequireUniqueNames(string path, char delimiter)
    {
        var names = Read(path, delimiter);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (seen.TryGetValue(name, out var first))
            {
                throw new UserInputException(
                    $"{path}: columns {first + 1} and {i + 1} are both named '{name}'{(names[first].Trim() == name ? string.Empty : $" (as '{names[first].Trim()}', names ignore case)")}. " +
                    "Rename one of them in the header so each column has its own name.");
            }

            seen[name] = i;
        }
    }

    /// <summary>The first record's fields (quotes may hold delimiters, doubled quotes and line breaks).</summary>
    private static List<string> Read(string path, char delimiter)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"' && reader.Peek() == '"')
                {
                    field.Append('"');
                    reader.Read();
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (fields.Count > 0 || field.Length > 0)
                {
                    break;
                }
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
