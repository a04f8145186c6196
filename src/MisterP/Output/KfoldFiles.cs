using System.Globalization;
using System.Text;
using System.Text.Json;
using MisterP.Checking;

using static MisterP.Output.CheckingValues;

namespace MisterP.Output;

/// <summary>
/// <c>mrp kfold</c>'s results: the pointwise CSV (one row per pointwise column of each fit: model, name, count, fold,
/// elpd_kfold, p_kfold, kfoldic, lpd) or JSON with the estimates, the comparison and the pointwise values.
/// </summary>
public static class KfoldFiles
{
    public static void Write(string path, IReadOnlyList<KfoldResult> results, IReadOnlyList<LooComparisonRow>? comparison)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".json"))
        {
            throw new UserInputException($"--out '{path}' must end in .csv (pointwise values) or .json (everything).");
        }

        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            if (extension == ".csv")
            {
                WritePointwiseCsv(writer, results);
            }
            else
            {
                WriteJson(writer, results, comparison, pointwise: true);
            }
        });
    }

    public static void WritePointwiseCsv(TextWriter writer, IReadOnlyList<KfoldResult> results)
    {
        writer.WriteLine("model,name,count,fold,elpd_kfold,p_kfold,kfoldic,lpd");
        foreach (var r in results)
        {
            foreach (var p in r.Pointwise)
            {
                writer.WriteLine($"{TableCsv.Quote(r.Model)},{TableCsv.Quote(p.Name)},{N(p.Count)},{p.Fold.ToString(CultureInfo.InvariantCulture)}," +
                                 $"{N(p.ElpdKfold)},{N(p.PKfold)},{N(p.KfoldIc)},{N(p.Lpd)}");
            }
        }
    }

    public static void WriteJson(TextWriter writer, IReadOnlyList<KfoldResult> results, IReadOnlyList<LooComparisonRow>? comparison, bool pointwise)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("models");
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("model", r.Model);
                json.WriteString("by", r.Folds.Factor);
                json.WriteNumber("folds", r.Folds.Count);
                json.WriteString("unit", r.Unit);
                json.WriteNumber("draws_per_fold", r.DrawsPerFold);
                json.WriteNumber("divergences", r.Divergences);
                json.WriteNumber("seconds", r.Elapsed.TotalSeconds);
                json.WriteString("held_out_effects", "each held-out group's effect drawn fresh from N(0, sd) of each draw");
                Estimate(json, "elpd_kfold", r.ElpdKfold);
                Estimate(json, "p_kfold", r.PKfold);
                Estimate(json, "kfoldic", r.KfoldIc);
                json.WriteStartArray("fold_levels");
                foreach (var fold in r.Folds.Folds)
                {
                    json.WriteStartArray();
                    foreach (var level in fold)
                    {
                        json.WriteStringValue(level);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
                if (pointwise)
                {
                    json.WriteStartArray("pointwise");
                    foreach (var p in r.Pointwise)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", p.Name);
                        json.WriteNumber("count", p.Count);
                        json.WriteNumber("fold", p.Fold);
                        Number(json, "elpd_kfold", p.ElpdKfold);
                        Number(json, "p_kfold", p.PKfold);
                        Number(json, "lpd", p.Lpd);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (comparison is not null)
            {
                json.WriteStartArray("comparison");
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

            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

}
