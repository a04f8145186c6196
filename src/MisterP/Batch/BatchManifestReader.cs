using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;

namespace MisterP.Batch;

/// <summary>
/// Reads a manifest (docs/batch-manifest.schema.json): JSON <c>{"defaults": {…}, "jobs": [{"id": …, …}]}</c>, or CSV
/// with one row per job and the option names as columns (list values separated by <c>;</c>). Every problem found is
/// collected and reported at once, naming the job or row, before anything runs.
/// </summary>
public static class BatchManifestReader
{
    public static IReadOnlyList<BatchEntry> Read(string path, List<string> errors)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"Manifest '{path}' not found (looked at {Path.GetFullPath(path)}).");
        }

        var entries = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path, errors) : ReadJson(path, errors);
        foreach (var duplicate in entries.GroupBy(e => e.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"job id '{duplicate.Key}' is used {duplicate.Count()} times ({string.Join(", ", duplicate.Select(d => d.Where))}); every job needs its own id.");
        }

        return entries;
    }

    private static List<BatchEntry> ReadJson(string path, List<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"Manifest '{path}' is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("jobs", out var jobs) || jobs.ValueKind != JsonValueKind.Array)
            {
                throw new UserInputException($"Manifest '{path}' needs an object with a \"jobs\" array, e.g. {{\"defaults\": {{\"formula\": \"y ~ (1|state)\"}}, \"jobs\": [{{\"id\": \"q1\", \"data\": \"q1.csv\"}}]}}.");
            }

            foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("jobs" or "defaults" or "$schema")))
            {
                errors.Add($"manifest: unknown top-level key '{property.Name}'; use \"defaults\" and \"jobs\".");
            }

            var defaults = root.TryGetProperty("defaults", out var d) ? Options(d, "defaults", errors) : [];
            var entries = new List<BatchEntry>();
            var index = 0;
            foreach (var job in jobs.EnumerateArray())
            {
                index++;
                var id = job.ValueKind == JsonValueKind.Object && job.TryGetProperty("id", out var idElement) ? Text(idElement) : null;
                var where = id is null ? $"job #{index}" : $"job '{id}'";
                if (id is null)
                {
                    errors.Add($"{where}: has no \"id\".");
                    continue;
                }

                var merged = new Dictionary<string, IReadOnlyList<string>>(defaults, StringComparer.Ordinal);
                foreach (var (key, value) in Options(job, where, errors))
                {
                    merged[key] = value;
                }

                entries.Add(new BatchEntry(id, where, merged));
            }

            return entries;
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> Options(JsonElement element, string where, List<string> errors)
    {
        var options = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}: must be a JSON object.");
            return options;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "id")
            {
                continue;
            }

            if (Check(property.Name, where, errors))
            {
                options[property.Name] = property.Value.ValueKind == JsonValueKind.Array
                    ? property.Value.EnumerateArray().Select(Text).ToList()
                    : [Text(property.Value)];
            }
        }

        return options;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static bool Check(string name, string where, List<string> errors)
    {
        if (BatchOptionNames.IsKnown(name))
        {
            return true;
        }

        var hint = BatchOptionNames.Closest(name) is { } closest ? $" Did you mean '{closest}'?" : string.Empty;
        errors.Add($"{where}: unknown option '{name}'.{hint}");
        return false;
    }

    private static List<BatchEntry> ReadCsv(string path, List<string> errors)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_csv({Data.Sql.Literal(Path.GetFullPath(path))}, header = true, all_varchar = true, delim = ',', quote = '\"', nullstr = '')";
        var entries = new List<BatchEntry>();
        try
        {
            using var reader = command.ExecuteReader();
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            if (!names.Contains("id"))
            {
                throw new UserInputException($"Manifest '{path}' needs an 'id' column (one row per job).");
            }

            var known = names.Where(n => n == "id" || Check(n, "manifest header", errors)).ToHashSet(StringComparer.Ordinal);
            var row = 1;
            while (reader.Read())
            {
                row++;
                var options = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                string? id = null;
                for (var i = 0; i < names.Count; i++)
                {
                    if (!known.Contains(names[i]) || reader.IsDBNull(i))
                    {
                        continue;
                    }

                    var text = reader.GetString(i);
                    if (names[i] == "id")
                    {
                        id = text.Trim();
                    }
                    else
                    {
                        options[names[i]] = BatchOptionNames.Lists.Contains(names[i]) ? text.Split(';').Select(s => s.Trim()).ToList() : [text];
                    }
                }

                if (string.IsNullOrEmpty(id))
                {
                    errors.Add($"row {row.ToString(CultureInfo.InvariantCulture)}: has no id.");
                    continue;
                }

                entries.Add(new BatchEntry(id, $"row {row.ToString(CultureInfo.InvariantCulture)} (job '{id}')", options));
            }
        }
        catch (DuckDBException ex)
        {
            throw new UserInputException($"Cannot read manifest '{path}' as CSV: {ex.Message.Split('\n')[0]}");
        }

        return entries;
    }
}
