using System.Text.Json;
using MisterP.Design.Structured;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>The recipe's JSON form inside model.json (expressions as text, parsed back on load).</summary>
public sealed partial class DesignRecipe
{
    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("predictors");
        foreach (var p in Predictors)
        {
            json.WriteStartObject();
            json.WriteString("label", p.Label);
            json.WriteString("expression", ExprText.Format(p.Expression));
            json.WriteBoolean("categorical", p.Categorical);
            json.WriteStartArray("levels");
            foreach (var l in p.Levels)
            {
                json.WriteStringValue(l);
            }

            json.WriteEndArray();
            json.WriteNumber("center", p.Center);
            json.WriteNumber("scale", p.Scale);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WritePropertyName("fixed_columns");
        WriteColumns(json, FixedColumns);
        json.WriteStartArray("groups");
        foreach (var g in Groups)
        {
            json.WriteStartObject();
            json.WriteString("name", g.Name);
            json.WriteStartArray("factors");
            foreach (var f in g.Factors)
            {
                json.WriteStringValue(f);
            }

            json.WriteEndArray();
            json.WriteStartArray("levels");
            foreach (var l in g.Levels)
            {
                json.WriteStringValue(l);
            }

            json.WriteEndArray();
            json.WritePropertyName("coefficients");
            WriteColumns(json, g.Coefficients);
            json.WriteBoolean("correlated", g.Correlated);
            if (g.Structure is { } structure)
            {
                json.WritePropertyName("structure");
                StructuredTermJson.Write(json, structure, g.Levels);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static DesignRecipe FromJson(JsonElement json)
    {
        var predictors = json.GetProperty("predictors").EnumerateArray().Select(p => new PredictorSpec(
            p.GetProperty("label").GetString()!,
            FormulaParser.ParseExpression(p.GetProperty("expression").GetString()!),
            p.GetProperty("categorical").GetBoolean(),
            Strings(p.GetProperty("levels")),
            p.GetProperty("center").GetDouble(),
            p.GetProperty("scale").GetDouble())).ToList();
        var groups = json.GetProperty("groups").EnumerateArray().Select(g => new GroupRecipe(
            g.GetProperty("name").GetString()!,
            Strings(g.GetProperty("factors")),
            Strings(g.GetProperty("levels")),
            ReadColumns(g.GetProperty("coefficients")),
            g.GetProperty("correlated").GetBoolean())
        {
            Structure = g.TryGetProperty("structure", out var structure) ? StructuredTermJson.Read(structure, Strings(g.GetProperty("levels"))) : null,
        }).ToList();
        return new DesignRecipe(predictors, ReadColumns(json.GetProperty("fixed_columns")), groups);
    }

    private static void WriteColumns(Utf8JsonWriter json, IReadOnlyList<DesignColumn> columns)
    {
        json.WriteStartArray();
        foreach (var c in columns)
        {
            json.WriteStartObject();
            json.WriteString("name", c.Name);
            json.WriteStartArray("parts");
            foreach (var part in c.Parts)
            {
                json.WriteStartObject();
                json.WriteString("predictor", part.Predictor);
                if (part.Level is not null)
                {
                    json.WriteString("level", part.Level);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static List<DesignColumn> ReadColumns(JsonElement array) =>
        array.EnumerateArray().Select(c => new DesignColumn(
            c.GetProperty("name").GetString()!,
            c.GetProperty("parts").EnumerateArray().Select(p => new ColumnPart(
                p.GetProperty("predictor").GetString()!,
                p.TryGetProperty("level", out var l) ? l.GetString() : null)).ToList())).ToList();

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
