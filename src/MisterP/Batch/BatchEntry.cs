using System.Text.Json;
using System.Text.Json.Nodes;

namespace MisterP.Batch;

/// <summary>
/// One manifest job after defaults are merged: its id, where it was written (<see cref="Where"/>: "job 'x'" or
/// "row 3"), and every option as text (scalars hold one value). Text only, so the JSON and CSV forms of the same job
/// have the same canonical form and content hash.
/// </summary>
public sealed record BatchEntry(string Id, string Where, IReadOnlyDictionary<string, IReadOnlyList<string>> Options)
{
    public string? Scalar(string name) => Options.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    public IReadOnlyList<string> List(string name) => Options.TryGetValue(name, out var v) ? v : [];

    /// <summary>Keys sorted, scalars as strings and lists as arrays: the manifest entry's part of the job's content hash.</summary>
    public string CanonicalJson()
    {
        var node = new JsonObject { ["id"] = Id };
        foreach (var (key, values) in Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            node[key] = BatchOptionNames.Lists.Contains(key)
                ? new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())
                : JsonValue.Create(values[0]);
        }

        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
