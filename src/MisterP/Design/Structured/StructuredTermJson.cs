using System.Text.Json;
using MisterP.Formulas;

namespace MisterP.Design.Structured;

/// <summary>A structured term in the recipe (model.json): kind, the graph's edges by level name, islands, dropped areas.</summary>
internal static class StructuredTermJson
{
    public static void Write(Utf8JsonWriter json, StructuredTerm term, IReadOnlyList<string> levels)
    {
        json.WriteStartObject();
        json.WriteString("type", term.Kind.ToString().ToLowerInvariant());
        json.WriteNumber("levels", term.Graph.NodeCount);
        json.WriteNumber("edges", term.Graph.EdgeCount);
        json.WriteNumber("components", term.Graph.ComponentCount);
        if (term.By is not null)
        {
            json.WriteString("by", term.By);
        }

        if (term.AdjacencyFile is not null)
        {
            json.WriteString("adjacency_file", term.AdjacencyFile);
            json.WriteStartArray("graph");
            foreach (var (a, b) in term.Graph.Edges)
            {
                json.WriteStartArray();
                json.WriteStringValue(levels[a]);
                json.WriteStringValue(levels[b]);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        WriteStrings(json, "islands", term.Islands);
        WriteStrings(json, "dropped_areas", term.DroppedAreas);
        WriteStrings(json, "unobserved", term.Unobserved);
        json.WriteEndObject();
    }

    public static StructuredTerm Read(JsonElement json, IReadOnlyList<string> levels)
    {
        var kind = Enum.Parse<StructureKind>(json.GetProperty("type").GetString()!, ignoreCase: true);
        if (json.TryGetProperty("by", out var by))
        {
            var walks = json.GetProperty("components").GetInt32();
            return new StructuredTerm(kind, LevelGraph.Paths(walks, levels.Count / walks)) { By = by.GetString(), Unobserved = Strings(json, "unobserved") };
        }

        if (!json.TryGetProperty("graph", out var graph))
        {
            return new StructuredTerm(kind, LevelGraph.Path(levels.Count)) { Unobserved = Strings(json, "unobserved") };
        }

        var index = levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var edges = graph.EnumerateArray().Select(e => (index[e[0].GetString()!], index[e[1].GetString()!]));
        return new StructuredTerm(kind, new LevelGraph(levels.Count, edges))
        {
            AdjacencyFile = json.TryGetProperty("adjacency_file", out var f) ? f.GetString() : null,
            Islands = Strings(json, "islands"),
            DroppedAreas = Strings(json, "dropped_areas"),
            Unobserved = Strings(json, "unobserved"),
        };
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }

        json.WriteEndArray();
    }

    private static List<string> Strings(JsonElement json, string name) =>
        json.TryGetProperty(name, out var array) ? array.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
}
