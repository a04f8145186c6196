namespace MisterP.Data;

/// <summary>
/// When the engine cannot parse a CSV file, finds the first line whose number of fields differs from the
/// header's, so the message can name it (quoted fields may contain delimiters and line breaks).
/// </summary>
internal static class CsvDiagnosis
{
    public static string? RaggedLine(string path, char delimiter)
    {
        using var reader = new StreamReader(path);
        int? expected = null;
        var lineNumber = 0;
        var fields = 1;
        var quoted = false;
        var startLine = 1;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == delimiter && !quoted)
            {
                fields++;
            }
            else if (ch == '\n' && !quoted)
            {
                lineNumber++;
                if (any || fields > 1)
                {
                    if (expected is null)
                    {
                        expected = fields;
                    }
                    else if (fields != expected)
                    {
                        return $"line {startLine} has {fields} field(s), the header has {expected}";
                    }
                }

                fields = 1;
                any = false;
                startLine = lineNumber + 1;
                continue;
            }

            if (ch != '\r' && ch != '\n')
            {
                any = true;
            }
        }

        if ((any || fields > 1) && expected is not null && fields != expected)
        {
            return $"line {startLine} has {fields} field(s), the header has {expected}";
        }

        return quoted ? $"a quoted field opened on or after line {startLine} is never closed" : null;
    }
}
