using MisterP.Families;
using MisterP.Plots;
using MisterP.Posterior;

namespace MisterP.Workflow;

/// <summary><c>mrp plot DIR KIND --out FILE.png|svg</c>: the figure of a saved fit (and its estimates), written by extension.</summary>
public static class FitPlots
{
    /// <summary>Draws <paramref name="kind"/> for the fit in <paramref name="fitDirectory"/> and writes it to <paramref name="outputPath"/>.</summary>
    public static void Save(string fitDirectory, PlotKind kind, string outputPath, PlotOptions options)
    {
        Figure.FormatOf(outputPath);
        Save(SavedFit.Load(fitDirectory), kind, outputPath, options);
    }

    /// <summary>Draws <paramref name="kind"/> for a loaded fit (with the data access its user chose) and writes it to <paramref name="outputPath"/>.</summary>
    public static void Save(SavedFit fit, PlotKind kind, string outputPath, PlotOptions options)
    {
        Figure.FormatOf(outputPath);
        using var figure = Create(fit, kind, options);
        figure.Save(outputPath);
    }

    public static Figure Create(SavedFit fit, PlotKind kind, PlotOptions options)
    {
        var outcome = FitData.OutcomeName(fit.Model);
        switch (kind)
        {
            case PlotKind.Estimates when options.Over is not null:
                return TimeSeriesPlot.Create(FitSeries.Load(fit, options), outcome, options.Width);
            case PlotKind.Estimates:
                var estimates = options.EstimatesPath ?? throw new UserInputException(
                    "The estimates plot needs --estimates EST.csv (from mrp poststrat), and optionally --compare CMP.csv (from mrp compare) for raw means and truth.");
                if (options.Quantity is null && options.ComparisonPath is null && CategoryShares.IsOrdinal(estimates))
                {
                    return CategorySharesPlot.Create(CategoryShares.Load(estimates, options.By), outcome, options.Width, ordered: !CategoryFamilies.IsUnordered(fit.Shape.Family));
                }

                return EstimatesPlot.Create(GroupResults.Load(estimates, options.ComparisonPath, options.By, options.Quantity), outcome, options.Width, fit.LevelOrder);
            case PlotKind.Effects:
                return CategoryFamilies.IsUnordered(fit.Shape.Family)
                    ? CategoryEffects.Create(fit.Shape, DrawsOf(fit, kind), options.Group, options.Interval, options.Width)
                    : EffectsPlot.Create(fit.Shape, DrawsOf(fit, kind), options.Group, options.Interval, options.Width);
            case PlotKind.Trace:
                return TracePlot.Create(DrawsOf(fit, kind), options.Parameters, options.Width);
            case PlotKind.Rank:
                return RankPlot.Create(DrawsOf(fit, kind), options.Parameters, options.Width);
            case PlotKind.Ppc:
                if (CategoryFamilies.HasCategories(fit.Shape.Family))
                {
                    return CategoryCheck(fit, options, outcome);
                }

                var draws = DrawsOf(fit, kind);
                var design = FitData.Load(fit, "The posterior predictive check").Design;
                var check = PredictiveCheck.Compute(design, draws, options.By, options.Interval, options.Seed);
                if (options.CsvPath is { } ppcCsv)
                {
                    PredictiveCheckCsv.Write(ppcCsv, check);
                }

                return PredictiveCheckPlot.Create(check, outcome, options.Width);
            case PlotKind.Calibration:
                var calibration = Calibration.Compute(FitData.Load(fit, "The calibration plot").Design, DrawsOf(fit, kind), options.Bins, options.Interval);
                if (options.CsvPath is { } calibrationCsv)
                {
                    PredictiveCheckCsv.Write(calibrationCsv, calibration);
                }

                return CalibrationPlot.Create(calibration, outcome, options.Width);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown plot kind.");
        }
    }

    /// <summary>The check of a categorical outcome (ordered or not): observed category shares against their replications, per group.</summary>
    private static Figure CategoryCheck(SavedFit fit, PlotOptions options, string outcome)
    {
        var draws = DrawsOf(fit, PlotKind.Ppc);
        var design = FitData.Load(fit, "The posterior predictive check").Design;
        var check = OrdinalPredictiveCheck.Compute(design, draws, options.By, options.Interval, options.Seed);
        if (options.CsvPath is { } csv)
        {
            PredictiveCheckCsv.Write(csv, check);
        }

        return OrdinalPredictiveCheckPlot.Create(check, outcome, options.Width);
    }

    private static PosteriorDraws DrawsOf(SavedFit fit, PlotKind kind) =>
        fit.Draws ?? throw new UserInputException(
            $"{fit.Directory} is a maximum-likelihood fit (--method ml) and has no posterior draws, which the {kind.ToString().ToLowerInvariant()} plot needs; " +
            "refit with --method nuts (or laplace), or plot its estimates.");
}
