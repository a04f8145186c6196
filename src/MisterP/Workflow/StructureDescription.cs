using System.Text.Json;
using MisterP.Design.Structured;
using MisterP.Models.Structured;

namespace MisterP.Workflow;

/// <summary>
/// model.json's <c>group_terms[].structure</c>: what a structured term is, for readers of the fit (type, levels,
/// graph size, components, islands, the Sørbye–Rue scaling factor per component, levels without respondents).
/// </summary>
internal static class StructureDescription
{
    public static void Write(Utf8JsonWriter json, StructuredTerm term)
    {
        json.WriteStartObject("structure");
        json.WriteString("type", term.Kind.ToString().ToLowerInvariant());
        json.WriteNumber("levels", term.Graph.NodeCount);
        json.WriteNumber("edges", term.Graph.EdgeCount);
        json.WriteNumber("components", term.Graph.ComponentCount);
        if (term.By is not null)
        {
            json.WriteString("by", term.By);
        }

        json.WriteStartArray("islands");
        foreach (var island in term.Islands)
        {
            json.WriteStringValue(island);
        }

        json.WriteEndArray();
        if (StructuredEffects.Field(term) is { } field)
        {
            // One factor per connected component of more than one level (islands are not scaled).
            // Component sizes counted in one pass: counting per component would be O(levels × components).
            var sizes = new int[term.Graph.ComponentCount];
            foreach (var c in term.Graph.Component)
            {
                sizes[c]++;
            }

            json.WriteStartArray("scaling_factors");
            for (var c = 0; c < field.ComponentScaling.Length; c++)
            {
                if (sizes[c] > 1)
                {
                    json.WriteNumberValue(field.ComponentScaling[c]);
                }
            }

            json.WriteEndArray();
        }

        json.WriteNumber("levels_without_respondents", term.Unobserved.Count);
        if (term.AdjacencyFile is not null)
        {
            json.WriteString("adjacency_file", term.AdjacencyFile);
        }

        json.WriteEndObject();
    }
}
