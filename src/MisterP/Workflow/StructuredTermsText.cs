using System.Globalization;
using System.Text.Json;

namespace MisterP.Workflow;

/// <summary>
/// One line per structured term of a fit folder, from model.json's <c>group_terms[].structure</c>, for
/// <c>mrp summary</c> and the report: "state: bym2 over 48 levels, 107 edges, 1 component, no islands, scaling
/// factor 0.5256; 0 levels without respondents". Empty for other fits and for CmdStan CSVs.
/// </summary>
public static class StructuredTermsText
{
    public static IReadOnlyList<string> Describe(string path)
    {
        var file = Path.Combine(path, "model.json");
        if (!Directory.Exists(path) || !File.Exists(file))
        {
            return [];
        }

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        if (!json.RootElement.TryGetProperty("group_terms", out var terms))
        {
            return [];
        }

        var lines = new List<string>();
        foreach (var term in terms.EnumerateArray())
        {
            if (!term.TryGetProperty("structure", out var s))
            {
                continue;
            }

            var type = s.GetProperty("type").GetString();
            var text = $"{term.GetProperty("group").GetString()}: {type} over {s.GetProperty("levels").GetInt32()} levels";
            if (s.TryGetProperty("by", out var by))
            {
                text += $" (one walk per {by.GetString()}, {s.GetProperty("components").GetInt32()} walks sharing one sd)";
            }

            if (type is "icar" or "bym2")
            {
                var islands = s.GetProperty("islands").EnumerateArray().Select(e => e.GetString()).ToList();
                var components = s.GetProperty("components").GetInt32();
                text += $", {s.GetProperty("edges").GetInt32()} edges, {components} component{(components == 1 ? "" : "s")}, " +
                        (islands.Count == 0 ? "no islands" : $"islands {string.Join(" ", islands)}");
            }

            if (s.TryGetProperty("scaling_factors", out var factors) && factors.GetArrayLength() > 0)
            {
                var values = factors.EnumerateArray().Select(f => f.GetDouble().ToString("0.######", CultureInfo.InvariantCulture)).ToList();

                // A by-walk's chains are equally long, so every walk has the same factor: say it once.
                text += s.TryGetProperty("by", out _) ? $", scaling factor {values[0]} per walk" : ", scaling factor " + string.Join(" ", values);
            }

            lines.Add(text + $"; {s.GetProperty("levels_without_respondents").GetInt32()} level(s) without respondents.");
        }

        return lines;
    }
}
