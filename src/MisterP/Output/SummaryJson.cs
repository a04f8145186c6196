using System.Text.Json;
using MisterP.Posterior;

namespace MisterP.Output;

/// <summary>The summary and sampler diagnostics as JSON (for scripts): NaN is written as null.</summary>
public static class SummaryJson
{
    public static void Write(string path, IReadOnlyList<ParameterSummary> rows, SamplerDiagnostics sampler) =>
        AtomicFile.Write(path, stream => Write(stream, rows, sampler));

    public static void Write(TextWriter writer, IReadOnlyList<ParameterSummary> rows, SamplerDiagnostics sampler)
    {
        using var stream = new MemoryStream();
        Write(stream, rows, sampler);
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void Write(Stream stream, IReadOnlyList<ParameterSummary> rows, SamplerDiagnostics sampler)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("sampler");
        json.WriteNumber("divergences", sampler.Divergences);
        json.WriteNumber("max_treedepth_hits", sampler.TreeDepthHits);
        json.WriteStartArray("ebfmi");
        foreach (var e in sampler.EbfmiPerChain)
        {
            Number(json, e ?? double.NaN);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("parameters");
        var (lowName, highName) = IntervalLevel.QuantileNames(rows.Count > 0 ? rows[0].Interval : 0.9);
        foreach (var s in rows)
        {
            json.WriteStartObject();
            json.WriteString("parameter", s.Name);
            foreach (var (name, value) in new (string, double)[]
                     {
                         ("mean", s.Mean), ("sd", s.Sd), ("median", s.Median), ("mad", s.Mad), (lowName, s.Q5), (highName, s.Q95),
                         ("rhat", s.Rhat), ("ess_bulk", s.EssBulk), ("ess_tail", s.EssTail), ("mcse_mean", s.McseMean), ("mcse_sd", s.McseSd),
                     })
            {
                json.WritePropertyName(name);
                Number(json, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
