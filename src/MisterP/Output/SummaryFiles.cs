using MisterP.Posterior;

namespace MisterP.Output;

/// <summary>Writes a full summary as JSON (.json) or CSV (anything else), atomically.</summary>
public static class SummaryFiles
{
    public static void Write(string path, IReadOnlyList<ParameterSummary> rows, SamplerDiagnostics sampler)
    {
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            SummaryJson.Write(path, rows, sampler);
        }
        else
        {
            SummaryCsv.WriteFull(path, rows);
        }
    }
}
