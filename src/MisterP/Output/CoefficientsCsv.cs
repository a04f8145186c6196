using MisterP.Inference.Classical;

namespace MisterP.Output;

/// <summary>summary.csv of a maximum-likelihood fit: <c>parameter,estimate,std_error,statistic,p_value,conf_low,conf_high</c> (NA where undefined).</summary>
public static class CoefficientsCsv
{
    public static void Write(string path, IReadOnlyList<CoefficientRow> rows) =>
        AtomicFile.WriteText(path, writer =>
        {
            writer.WriteLine("parameter,estimate,std_error,statistic,p_value,conf_low,conf_high");
            foreach (var r in rows)
            {
                writer.WriteLine(string.Join(",", new[] { r.Estimate, r.StdError, r.Statistic, r.PValue, r.ConfLow, r.ConfHigh }
                    .Select(TableCsv.FormatNumber).Prepend(TableCsv.Quote(r.Name))));
            }
        });
}
