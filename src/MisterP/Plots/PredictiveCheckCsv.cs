using MisterP.Output;

namespace MisterP.Plots;

/// <summary>
/// The numbers behind <c>mrp plot DIR ppc</c> and <c>calibration</c> (<c>--out-csv</c>), so what the figure shows can
/// be read, filtered and checked: one row per group (ppc) or per bin (calibration).
/// </summary>
public static class PredictiveCheckCsv
{
    public static IReadOnlyList<string> PpcHeader { get; } = ["group", "level", "units", "observed", "replicated_mean", "lower", "upper", "p_value"];

    /// <summary>The ordinal check's columns: one row per group and category.</summary>
    public static IReadOnlyList<string> OrdinalPpcHeader { get; } = ["group", "level", "category", "units", "observed", "replicated_mean", "lower", "upper", "p_value"];

    public static IReadOnlyList<string> CalibrationHeader { get; } = ["bin", "cells", "trials", "predicted", "observed", "lower", "upper"];

    public static void Write(string path, PredictiveCheck check) => AtomicFile.WriteText(path, writer =>
    {
        writer.WriteLine(string.Join(",", PpcHeader));
        foreach (var g in check.Groups)
        {
            writer.WriteLine(string.Join(",", new[] { TableCsv.Quote(check.Group), TableCsv.Quote(g.Level) }
                .Concat(new[] { g.Units, g.Observed, g.ReplicatedMean, g.Lower, g.Upper, g.PValue }.Select(TableCsv.FormatNumber))));
        }
    });

    public static void Write(string path, OrdinalPredictiveCheck check) => AtomicFile.WriteText(path, writer =>
    {
        writer.WriteLine(string.Join(",", OrdinalPpcHeader));
        foreach (var r in check.Rows)
        {
            writer.WriteLine(string.Join(",", new[] { TableCsv.Quote(check.Group), TableCsv.Quote(r.Level), TableCsv.Quote(r.Category) }
                .Concat(new[] { r.Units, r.Observed, r.ReplicatedMean, r.Lower, r.Upper, r.PValue }.Select(TableCsv.FormatNumber))));
        }
    });

    public static void Write(string path, Calibration calibration) => AtomicFile.WriteText(path, writer =>
    {
        writer.WriteLine(string.Join(",", CalibrationHeader));
        foreach (var b in calibration.Bins)
        {
            writer.WriteLine(string.Join(",", new double[] { b.Bin, b.Cells, b.Trials, b.Predicted, b.Observed, b.Lower, b.Upper }.Select(TableCsv.FormatNumber)));
        }
    });
}
