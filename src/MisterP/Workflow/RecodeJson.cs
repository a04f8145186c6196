using System.Text.Json;
using MisterP.Data;

namespace MisterP.Workflow;

/// <summary>model.json <c>data.recode</c>: the fit's recodes as <c>[{variable, from, to}]</c>, absent when there are none.</summary>
internal static class RecodeJson
{
    public static void Write(Utf8JsonWriter json, RecodeRules recode)
    {
        if (recode.IsEmpty)
        {
            return;
        }

        json.WriteStartArray("recode");
        foreach (var rule in recode.Rules)
        {
            json.WriteStartObject();
            json.WriteString("variable", rule.Variable);
            json.WriteString("from", rule.From);
            json.WriteString("to", rule.To);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static RecodeRules Read(JsonElement data) =>
        data.TryGetProperty("recode", out var array)
            ? new RecodeRules(array.EnumerateArray().Select(r => new RecodeRule(
                r.GetProperty("variable").GetString()!, r.GetProperty("from").GetString()!, r.GetProperty("to").GetString()!)).ToList())
            : RecodeRules.None;
}
