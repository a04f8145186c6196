using System.Globalization;
using System.Text.Json;
using MisterP.Inference.Classical;
using MisterP.Output;
using MisterP.Posterior;
using MisterP.Reports;

namespace MisterP.Workflow;

/// <summary>
/// <c>mrp report DIR --out REPORT.html</c>: reads a fit folder (model.json, draws or the ml coefficient table) into a
/// <see cref="FitOverview"/>, builds the report with the given estimates and comparison, and writes one HTML file.
/// </summary>
public static class FitReports
{
    public static void Write(string fitDirectory, string outputPath, ReportOptions options)
    {
        if (!outputPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !outputPath.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserInputException($"The report is HTML: name the output FILE.html (got '{outputPath}').");
        }

        var fit = SavedFit.Load(fitDirectory);
        var overview = Overview(fit);
        options = WithModelChecking(fit, options);
        options = options with { ModelCheckingFigures = PredictiveFigures(fit, options.Interval) };
        var document = FitReport.Build(options.FitFolderLabel is { } label ? overview with { Directory = label } : overview, options);
        HtmlReport.Write(outputPath, document);
    }

    /// <summary>
    /// PSIS-LOO of the fit (and of <c>--compare-fits</c>) for the model-checking section. The fit's own LOO is optional
    /// (no draws, a prior-only fit, or data that can no longer be re-read give a note instead); fits the user asked to
    /// compare with must work, or the report is refused with the reason.
    /// </summary>
    private static ReportOptions WithModelChecking(SavedFit fit, ReportOptions options)
    {
        var dirs = new[] { fit.Directory }.Concat(options.CompareFits).ToList();
        if (options.CompareFits.Count > 0)
        {
            return options with { ModelChecking = Checking.LooAnalysis.Of(FitChecking.Loo(dirs, Checking.LooUnit.Respondent), Checking.WeightMethod.Stacking, 1) };
        }

        try
        {
            return options with { ModelChecking = Checking.LooAnalysis.Of(FitChecking.Loo(dirs, Checking.LooUnit.Respondent), Checking.WeightMethod.Stacking, 1) };
        }
        catch (UserInputException e)
        {
            // A fit written to a temporary folder first (the demo) is named by where it will be, in this note too.
            var message = options.FitFolderLabel is { } label ? e.Message.Replace(fit.Directory, label, StringComparison.Ordinal) : e.Message;
            return options with { ModelCheckingNote = $"PSIS-LOO was not computed: {message}" };
        }
    }

    /// <summary>
    /// The ppc figure (by the model's first grouping factor) and, for binary/binomial fits, the calibration figure, as
    /// the report shows them; none without draws or when the fit's data cannot be re-read (the LOO note says why).
    /// </summary>
    private static IReadOnlyList<ImageBlock> PredictiveFigures(SavedFit fit, double interval)
    {
        if (fit.Draws is not { } draws)
        {
            return [];
        }

        Design.ModelDesign design;
        try
        {
            design = FitData.Load(fit, "The report's posterior predictive check").Design;
        }
        catch (UserInputException)
        {
            return [];
        }

        var outcome = FitData.OutcomeName(fit.Model);
        var percent = (interval * 100).ToString("0.#", CultureInfo.InvariantCulture);
        var figures = new List<ImageBlock>();
        if (Families.CategoryFamilies.HasCategories(design.Family))
        {
            // A categorical cell (ordered or not) has a whole distribution: the check compares category shares (calibration is binary-only).
            var ordinal = Plots.OrdinalPredictiveCheck.Compute(design, draws, null, interval);
            using var figure = Plots.OrdinalPredictiveCheckPlot.Create(ordinal, outcome, 680);
            figures.Add(new ImageBlock(figure.ToPng(), figure.Width, figure.Height,
                $"Posterior predictive check{(ordinal.Group == Poststrat.GroupingSet.Everyone ? string.Empty : $" by {ordinal.Group}")}: per category of {outcome}, diamonds are the observed shares " +
                $"of the fit's data, bars the {percent}% intervals of {ordinal.Draws} replicated shares, p the posterior predictive p-value P(replicated ≥ observed); " +
                "p near 0 or 1 flags a group and category the model misses (mrp plot DIR ppc --out-csv FILE has the numbers)."));
            return figures;
        }

        var check = Plots.PredictiveCheck.Compute(design, draws, null, interval);
        using (var ppc = Plots.PredictiveCheckPlot.Create(check, outcome, 680))
        {
            figures.Add(new ImageBlock(ppc.ToPng(), ppc.Width, ppc.Height,
                $"Posterior predictive check{(check.Group == Poststrat.GroupingSet.Everyone ? string.Empty : $" by {check.Group}")}: diamonds are the observed means of the fit's data, " +
                $"bars the {percent}% intervals of {check.Draws} replicated means, p the posterior predictive p-value P(replicated ≥ observed); " +
                "p near 0 or 1 flags a group the model misses (mrp plot DIR ppc --out-csv FILE has the numbers)."));
        }

        if (design.Family is Families.Family.Binomial or Families.Family.Bernoulli)
        {
            var calibration = Plots.Calibration.Compute(design, draws, 10, interval);
            using var figure = Plots.CalibrationPlot.Create(calibration, outcome, 680);
            figures.Add(new ImageBlock(figure.ToPng(), figure.Width, figure.Height,
                $"Calibration: the fit's cells in 10 bins of equal trials by posterior mean predicted probability; dots are each bin's observed share with its {percent}% Jeffreys interval, " +
                "the dashed line perfect calibration (mrp plot DIR calibration --out-csv FILE has the numbers)."));
        }

        return figures;
    }

    /// <summary>What the report shows about <paramref name="fit"/>, read from its model.json and draws.</summary>
    public static FitOverview Overview(SavedFit fit)
    {
        var model = fit.Model;
        var data = model.GetProperty("data");
        var method = Text(model, "method") ?? "nuts";
        var diagnostics = model.TryGetProperty("diagnostics", out var d) ? d : default;
        var draws = fit.Draws;
        return new FitOverview
        {
            Directory = fit.Directory,
            Formula = Text(model, "formula") ?? string.Empty,
            LevelOrder = fit.LevelOrder,
            Family = Text(model, "family") ?? string.Empty,
            Link = Text(model, "link") ?? string.Empty,
            Method = method,
            Version = Text(model, "misterp_version") ?? "?",
            DataSource = Text(data, "source") ?? "?",
            Joins = data.TryGetProperty("joins", out var joins)
                ? joins.EnumerateArray().Select(j => $"{Text(j, "file")} on {string.Join(", ", j.GetProperty("on").EnumerateArray().Select(k => k.GetString()))}").ToList()
                : [],
            RowsUsed = data.GetProperty("rows_used").GetInt64(),
            RowsDropped = data.GetProperty("rows_dropped_missing").GetInt64(),
            Cells = data.GetProperty("cells").GetInt32(),
            Aggregated = data.TryGetProperty("aggregated", out var a) && a.GetBoolean(),
            Shape = fit.Shape,
            Outcome = FitData.OutcomeName(model),
            Priors = model.TryGetProperty("priors", out var priors)
                ? priors.EnumerateArray().Select(p => new PriorEntry(Text(p, "target") ?? "?", Text(p, "prior") ?? "?", Text(p, "source") ?? string.Empty)).ToList()
                : [],
            StructuredTerms = StructuredTermsText.Describe(fit.Directory),
            Settings = Facts(model, "settings", v => v),
            Timings = Facts(model, "timings_seconds", v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s.ToString("0.00", CultureInfo.InvariantCulture) + " s" : v, " time"),
            Warnings = model.TryGetProperty("warnings", out var w) ? w.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList() : [],
            Draws = draws,
            Summary = draws is null ? null : Diagnostics.Summarize(draws),
            Sampler = draws is not null && method == "nuts" ? SamplerDiagnostics.From(draws, fit.MaxTreeDepth) : null,
            StepSizes = diagnostics.ValueKind == JsonValueKind.Object && diagnostics.TryGetProperty("step_size", out var steps)
                ? steps.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.Number ? s.GetDouble() : double.NaN).ToList()
                : [],
            Coefficients = method == "ml" ? ReadCoefficients(Path.Combine(fit.Directory, "summary.csv")) : null,
            FitStatistics = method == "ml" ? Facts(model, "diagnostics", v => v) : [],
            Singular = diagnostics.ValueKind == JsonValueKind.Object && diagnostics.TryGetProperty("singular", out var singular) && singular.ValueKind == JsonValueKind.True,
        };
    }

    private static IReadOnlyList<CoefficientRow> ReadCoefficients(string path)
    {
        var table = CsvTable.Read(path, "coefficient table");
        var columns = new[] { "parameter", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high" };
        table.Require(columns, "the summary.csv of an ml fit");
        return table.Rows.Select(r => new CoefficientRow(
            r.Fields[table.IndexOf("parameter")],
            table.Number(r, "estimate"),
            table.Number(r, "std_error"),
            table.Number(r, "statistic"),
            table.Number(r, "p_value"),
            table.Number(r, "conf_low"),
            table.Number(r, "conf_high"))).ToList();
    }

    /// <summary>The scalar members of an object of model.json as (readable name, value) pairs.</summary>
    private static IReadOnlyList<(string, string)> Facts(JsonElement model, string property, Func<string, string> format, string suffix = "")
    {
        if (!model.TryGetProperty(property, out var obj) || obj.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return obj.EnumerateObject()
            .Where(p => p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)
            .Select(p => (ReadableName(p.Name) + suffix, format(p.Value.ValueKind switch
            {
                JsonValueKind.Number => p.Value.GetDouble().ToString("0.######", CultureInfo.InvariantCulture),
                JsonValueKind.String => p.Value.GetString() ?? string.Empty,
                JsonValueKind.True => "yes",
                _ => "no",
            })))
            .ToList();
    }

    private static string ReadableName(string name) => name switch
    {
        "aic" => "AIC",
        "bic" => "BIC",
        "df_residual" => "residual df",
        "residual_se" => "residual standard error",
        "r_squared" => "R²",
        "adj_r_squared" => "adjusted R²",
        "max_treedepth" => "max tree depth",
        _ => name.Replace('_', ' '),
    };

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
