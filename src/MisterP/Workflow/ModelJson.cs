using System.Text.Json;
using MisterP.Families;
using MisterP.Output;

namespace MisterP.Workflow;

/// <summary>
/// model.json (SPEC §2): formula, family, link, priors actually used, every factor's levels in order, the data
/// fingerprint, settings, seed, timings, sampler diagnostics and the library version — enough to reproduce the
/// fit and to encode a population frame the same way.
/// </summary>
public static class ModelJson
{
    public const int FormatVersion = 1;

    internal static void Write(string path, MrpFit fit, FitFileRecord files) =>
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            WriteFit(json, fit, files);
        });

    private static void WriteFit(Utf8JsonWriter json, MrpFit fit, FitFileRecord files)
    {
        var design = fit.Design.Design;
        json.WriteStartObject();
        json.WriteNumber("format_version", FormatVersion);
        json.WriteString("misterp_version", LibraryInfo.Version);
        json.WriteString("formula", fit.Formula.Text);
        json.WriteString("family", FamilyNames.Of(fit.Design.RequestedFamily));
        if (fit.Design.FamilyReason is { } familyReason)
        {
            // Said when the family was inferred, not chosen with --family (issue 12, item 11).
            json.WriteString("family_inferred", familyReason);
        }
        json.WriteString("link", FamilyNames.Of(design.Link));
        json.WriteString("method", fit.Method.ToString().ToLowerInvariant());

        json.WriteStartObject("data");
        json.WriteString("source", fit.DataDescription);
        if (fit.DataSpec is { } spec)
        {
            // What --finite-population reopens to find the respondents' outcomes.
            json.WriteString("spec", spec);
        }

        json.WriteStartArray("joins");
        foreach (var join in fit.Options.Joins)
        {
            json.WriteStartObject();
            json.WriteString("file", Path.GetFullPath(join.File));
            WriteStrings(json, "on", join.Keys);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        RecodeJson.Write(json, fit.Options.Recode);
        json.WriteNumber("rows_used", fit.Design.RowsUsed);
        json.WriteNumber("rows_dropped_missing", fit.Design.RowsDropped);
        json.WriteNumber("cells", fit.Design.Cells);
        json.WriteBoolean("aggregated", design.Aggregated);
        json.WriteEndObject();

        json.WriteStartObject("levels");
        foreach (var (variable, levels) in fit.Design.Recipe.FactorLevels)
        {
            WriteStrings(json, variable, levels);
        }

        json.WriteEndObject();
        if (design.Response.Categories is { } categories)
        {
            // The ordered outcome's categories, lowest first: b_Intercept[k] separates categories[k-1] from categories[k].
            WriteStrings(json, "categories", categories);
        }

        WriteStrings(json, "fixed_effects", design.FixedEffects.Names);
        json.WriteStartArray("group_terms");
        foreach (var term in design.GroupTerms)
        {
            json.WriteStartObject();
            json.WriteString("group", term.Name);
            WriteStrings(json, "coefficients", term.CoefficientNames);
            json.WriteBoolean("correlated", term.Correlated);
            WriteStrings(json, "levels", term.Levels);
            if (term.Structure is { } structure)
            {
                StructureDescription.Write(json, structure);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteBoolean("known_se", design.Response.KnownSe is not null);
        json.WritePropertyName("recipe");
        fit.Design.Recipe.WriteJson(json);

        if (fit.PointEstimates is { } estimates)
        {
            WriteEstimates(json, estimates, design.FixedEffects.ColumnCount);
        }

        json.WriteStartArray("priors");
        foreach (var prior in fit.Priors?.Entries ?? [])
        {
            json.WriteStartObject();
            json.WriteString("target", prior.Target);
            json.WriteString("prior", prior.Distribution);
            json.WriteString("source", prior.Source);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteSettings(json, fit);
        WriteTimings(json, fit);
        WriteDiagnostics(json, fit);
        WriteStrings(json, "warnings", fit.Warnings);
        WriteFiles(json, files);
        json.WriteEndObject();
    }

    /// <summary>
    /// The stored cells (what predictions, ppc and finite-population post-stratification read instead of the data)
    /// and the SHA-256 of every data file in the folder, verified on read.
    /// </summary>
    private static void WriteFiles(Utf8JsonWriter json, FitFileRecord files)
    {
        json.WriteStartObject("cells");
        json.WriteString("file", FitFiles.Cells);
        if (files.Checksums.ContainsKey(FitFiles.RowCells))
        {
            json.WriteString("row_cells_file", FitFiles.RowCells);
        }

        Number(json, "response_mean", files.Cells.ResponseMean);
        Number(json, "response_sd", files.Cells.ResponseSd);
        Number(json, "log_likelihood_constant", files.Cells.LogLikelihoodConstant);
        json.WriteEndObject();
        json.WriteStartObject("checksums");
        foreach (var (name, sha256) in files.Checksums)
        {
            json.WriteString(name, sha256);
        }

        json.WriteEndObject();
    }

    /// <summary>Maximum-likelihood estimates by name and the fixed effects' covariance, for predictions from the folder.</summary>
    private static void WriteEstimates(Utf8JsonWriter json, Interpretation.PointEstimates estimates, int p)
    {
        json.WriteStartObject("estimates");
        json.WriteStartObject("values");
        foreach (var (name, value) in estimates.Values)
        {
            Number(json, name, value);
        }

        json.WriteEndObject();
        json.WriteStartArray("fixed_effect_covariance");
        for (var a = 0; a < p; a++)
        {
            WriteNumbers(json, null, estimates.FixedEffectCovariance.Skip(a * p).Take(p));
        }

        json.WriteEndArray();
        if (estimates.DegreesOfFreedom is { } df)
        {
            json.WriteNumber("t_df", df);
        }
        else
        {
            json.WriteNull("t_df");
        }

        json.WriteEndObject();
    }

    /// <summary>Reads what <see cref="WriteEstimates"/> wrote (null → NaN, as for aliased coefficients).</summary>
    public static Interpretation.PointEstimates? ReadEstimates(JsonElement model)
    {
        if (!model.TryGetProperty("estimates", out var e))
        {
            return null;
        }

        static double Value(JsonElement v) => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble();
        var values = e.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value), StringComparer.Ordinal);
        var covariance = e.GetProperty("fixed_effect_covariance").EnumerateArray().SelectMany(row => row.EnumerateArray().Select(Value)).ToArray();
        var df = e.GetProperty("t_df") is { ValueKind: JsonValueKind.Number } t ? t.GetDouble() : (double?)null;
        return new Interpretation.PointEstimates(values, covariance, df);
    }

    private static void WriteSettings(Utf8JsonWriter json, MrpFit fit)
    {
        var sampler = fit.Options.Sampler;
        json.WriteStartObject("settings");
        json.WriteBoolean("aggregate", fit.Options.Aggregate);
        if (fit.Options.PriorOnly)
        {
            json.WriteBoolean("prior_only", true);
        }

        if (fit.Options.LevelOrder is { Count: > 0 } orders)
        {
            // As given with --levels (the design's "levels" above list the levels present, in this order).
            json.WriteStartObject("level_order");
            foreach (var (variable, levels) in orders.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                WriteStrings(json, variable, levels);
            }

            json.WriteEndObject();
        }
        if (fit.Method != FitMethod.Ml)
        {
            json.WriteNumber("seed", sampler.Seed);
            json.WriteNumber("draws", sampler.Draws);
        }

        if (fit.Method == FitMethod.Nuts)
        {
            json.WriteNumber("chains", sampler.Chains);
            // With auto warmup, "warmup" is the ceiling and "warmup_used" (diagnostics) what each chain ran.
            json.WriteNumber("warmup", sampler.Warmup);
            json.WriteString("warmup_mode", sampler.AutoWarmup ? "auto" : "fixed");
            json.WriteString("adapt", sampler.Adaptation.ToString().ToLowerInvariant());
            Number(json, "target_accept", sampler.TargetAccept);
            json.WriteNumber("max_treedepth", sampler.MaxTreeDepth);
            json.WriteString("metric", sampler.Metric.ToString().ToLowerInvariant());
            json.WriteString("group_effects", fit.Options.InformationScaling ? "information_scaled" : "non_centered");
            if (sampler.Threads is { } threads)
            {
                json.WriteNumber("threads", threads);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteTimings(Utf8JsonWriter json, MrpFit fit)
    {
        json.WriteStartObject("timings_seconds");
        Number(json, "preparation", fit.PreparationTime.TotalSeconds);
        if (fit.Sampling is { } sampling)
        {
            Number(json, "warmup", sampling.WarmupTime.TotalSeconds);
            Number(json, "sampling", sampling.SamplingTime.TotalSeconds);
        }
        else
        {
            Number(json, "estimation", fit.EstimationTime.TotalSeconds);
        }

        json.WriteEndObject();
    }

    private static void WriteDiagnostics(Utf8JsonWriter json, MrpFit fit)
    {
        json.WriteStartObject("diagnostics");
        if (fit.SamplerDiagnostics is { } sampler && fit.Sampling is { } sampling)
        {
            WriteNumbers(json, "divergences", sampler.DivergencesPerChain.Select(d => (double)d));
            WriteNumbers(json, "max_treedepth_hits", sampler.TreeDepthHitsPerChain.Select(d => (double)d));
            json.WriteStartArray("ebfmi");
            foreach (var e in sampler.EbfmiPerChain)
            {
                if (e is { } value)
                {
                    json.WriteNumberValue(value);
                }
                else
                {
                    json.WriteNullValue();
                }
            }

            json.WriteEndArray();
            WriteNumbers(json, "step_size", sampling.Adaptation.Select(a => a.StepSize));
            WriteNumbers(json, "warmup_used", sampling.Adaptation.Select(a => (double)a.WarmupIterations));
            json.WriteNumber("gradient_evaluations", sampling.GradientEvaluations);
        }

        if (fit.Summary is { Count: > 0 } summary)
        {
            Number(json, "max_rhat", summary.Where(s => double.IsFinite(s.Rhat)).Select(s => s.Rhat).DefaultIfEmpty(double.NaN).Max());
            Number(json, "min_ess_bulk", summary.Where(s => double.IsFinite(s.EssBulk)).Select(s => s.EssBulk).DefaultIfEmpty(double.NaN).Min());
            Number(json, "min_ess_tail", summary.Where(s => double.IsFinite(s.EssTail)).Select(s => s.EssTail).DefaultIfEmpty(double.NaN).Min());
        }

        if (fit.Classical is { } classical)
        {
            Number(json, "log_likelihood", classical.LogLikelihood);
            Number(json, "deviance", classical.Deviance);
            Number(json, "aic", classical.Aic);
            Number(json, "null_deviance", classical.NullDeviance);
            Number(json, "df_residual", classical.DfResidual);
            json.WriteBoolean("converged", classical.Converged);
            Number(json, "iterations", classical.Iterations);
            if (classical.Sigma is { } sigma)
            {
                Number(json, "residual_se", sigma);
            }

            if (classical.RSquared is { } r2 && classical.AdjustedRSquared is { } adjusted && double.IsFinite(adjusted))
            {
                Number(json, "r_squared", r2);
                Number(json, "adj_r_squared", adjusted);
            }
        }

        if (fit.Mixed is { } mixed)
        {
            Number(json, "log_likelihood", mixed.LogLikelihood);
            Number(json, "aic", mixed.Aic);
            json.WriteBoolean("singular", mixed.Singular);
        }

        json.WriteEndObject();
    }

    /// <summary>JSON has no NaN or infinity: such values are written as null.</summary>
    private static void Number(Utf8JsonWriter json, string name, double value)
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

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }

        json.WriteEndArray();
    }

    private static void WriteNumbers(Utf8JsonWriter json, string? name, IEnumerable<double> values)
    {
        if (name is null)
        {
            json.WriteStartArray();
        }
        else
        {
            json.WriteStartArray(name);
        }

        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                json.WriteNumberValue(v);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }
}
