using System.Globalization;
using System.Text.Json;

namespace MisterP.Output;

/// <summary>How the model-checking files (loo, kfold) write an estimate with its SE and a number that may be NA.</summary>
internal static class CheckingValues
{
    /// <summary><c>"name": {"estimate": …, "se": …}</c>, a non-finite value as null.</summary>
    public static void Estimate(Utf8JsonWriter json, string name, Checking.Estimate estimate)
    {
        json.WriteStartObject(name);
        Number(json, "estimate", estimate.Value);
        Number(json, "se", estimate.Se);
        json.WriteEndObject();
    }

    /// <summary>A JSON number, or null when it is not finite (JSON has no NaN).</summary>
    public static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>A CSV field: round-trip digits, NaN as empty (NA).</summary>
    public static string N(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
