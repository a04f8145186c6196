using System.Globalization;
using System.Text;
using System.Text.Json;
using MisterP.Checking;

using static MisterP.Output.CheckingValues;

namespace MisterP.Output;

/// <summary>
/// <c>mrp loo</c>'s results as CSV (tidy rows: model, quantity, estimate, se — LOO, WAIC, the Pareto k counts,
/// elpd_diff and the weight) or JSON; NaN and NA are empty in CSV and null in JSON. Pointwise values separately.
/// </summary>
public static class LooFiles
{
    public static void Write(string path, LooAnalysis analysis)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".json"))
        {
            throw new UserInputException($"--out '{path}' must end in .csv or .json.");
        }

        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            if (extension == ".csv")
            {
                WriteCsv(writer, analysis);
            }
            else
            {
                WriteJson(writer, analysis);
            }
        });
    }

    public static void WriteCsv(TextWriter writer, LooAnalysis analysis)
    {
        writer.WriteLine("model,quantity,estimate,se");
        void Row(string model, string quantity, double estimate, double se = double.NaN) =>
            writer.WriteLine($"{TableCsv.Quote(model)},{quantity},{N(estimate)},{N(se)}");
        foreach (var m in analysis.Models)
        {
            Row(m.Name, "elpd_loo", m.Loo.ElpdLoo.Value, m.Loo.ElpdLoo.Se);
            Row(m.Name, "p_loo", m.Loo.PLoo.Value, m.Loo.PLoo.Se);
            Row(m.Name, "looic", m.Loo.LooIc.Value, m.Loo.LooIc.Se);
            Row(m.Name, "mcse_elpd_loo", m.Loo.McseElpdLoo ?? double.NaN);
            Row(m.Name, "elpd_waic", m.Waic.ElpdWaic.Value, m.Waic.ElpdWaic.Se);
            Row(m.Name, "p_waic", m.Waic.PWaic.Value, m.Waic.PWaic.Se);
            Row(m.Name, "waic", m.Waic.WaicTotal.Value, m.Waic.WaicTotal.Se);
            Row(m.Name, "observations", m.Loo.ObservationCount);
            foreach (var band in m.Loo.ParetoK.Bands)
            {
                Row(m.Name, "pareto_k_" + band.Label.Replace(' ', '_'), band.Count);
            }
        }

        if (analysis.Comparison is { } comparison)
        {
            foreach (var row in comparison)
            {
                Row(row.Model, "elpd_diff", row.ElpdDiff, row.SeDiff);
            }
        }

        if (analysis.Weights is { } weights)
        {
            var label = MethodLabel(analysis.WeightMethod!.Value);
            for (var i = 0; i < weights.Count; i++)
            {
                Row(analysis.Models[i].Name, "weight_" + label, weights[i]);
            }
        }
    }

    public static void WriteJson(TextWriter writer, LooAnalysis analysis)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("models");
            foreach (var m in analysis.Models)
            {
                json.WriteStartObject();
                json.WriteString("model", m.Name);
                json.WriteString("unit", m.Unit);
                json.WriteNumber("observations", m.Loo.ObservationCount);
                json.WriteNumber("pointwise_values", m.Loo.Pointwise.Count);
                json.WriteNumber("draws", m.Loo.DrawCount);
                Estimate(json, "elpd_loo", m.Loo.ElpdLoo);
                Estimate(json, "p_loo", m.Loo.PLoo);
                Estimate(json, "looic", m.Loo.LooIc);
                Number(json, "mcse_elpd_loo", m.Loo.McseElpdLoo ?? double.NaN);
                Estimate(json, "elpd_waic", m.Waic.ElpdWaic);
                Estimate(json, "p_waic", m.Waic.PWaic);
                Estimate(json, "waic", m.Waic.WaicTotal);
                json.WriteStartArray("pareto_k");
                foreach (var band in m.Loo.ParetoK.Bands)
                {
                    json.WriteStartObject();
                    json.WriteString("label", band.Label);
                    json.WriteString("range", band.Range);
                    json.WriteNumber("count", band.Count);
                    Number(json, "proportion", band.Proportion);
                    Number(json, "min_n_eff", band.MinPsisEffectiveSize);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (analysis.Comparison is { } comparison)
            {
                json.WriteStartArray("compare");
                foreach (var row in comparison)
                {
                    json.WriteStartObject();
                    json.WriteString("model", row.Model);
                    Number(json, "elpd_diff", row.ElpdDiff);
                    Number(json, "se_diff", row.SeDiff);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            if (analysis.Weights is { } weights)
            {
                json.WriteStartObject("weights");
                json.WriteString("method", MethodLabel(analysis.WeightMethod!.Value));
                for (var i = 0; i < weights.Count; i++)
                {
                    Number(json, analysis.Models[i].Name, weights[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Every model's pointwise values (loo's <c>$pointwise</c> plus r_eff, psis_n_eff, tail length and the count).</summary>
    public static void WritePointwise(string path, IReadOnlyList<ModelLoo> models) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        writer.WriteLine("model,obs,count,elpd_loo,mcse_elpd_loo,p_loo,looic,influence_pareto_k,r_eff,psis_n_eff,tail_len,elpd_waic,p_waic,waic");
        foreach (var m in models)
        {
            for (var i = 0; i < m.Loo.Pointwise.Count; i++)
            {
                var p = m.Loo.Pointwise[i];
                var w = m.Waic.Pointwise[i];
                writer.WriteLine(string.Join(",", TableCsv.Quote(m.Name), TableCsv.Quote(p.Name), N(p.Count), N(p.ElpdLoo), N(p.McseElpdLoo), N(p.PLoo),
                    N(p.LooIc), N(p.ParetoK), N(p.RelativeEfficiency), N(p.PsisEffectiveSize), p.TailLength.ToString(CultureInfo.InvariantCulture),
                    N(w.ElpdWaic), N(w.PWaic), N(w.WaicValue)));
            }
        }
    });

    public static string MethodLabel(WeightMethod method) => method switch
    {
        WeightMethod.Stacking => "stacking",
        WeightMethod.PseudoBma => "pseudo-bma",
        _ => "pseudo-bma+",
    };

}
