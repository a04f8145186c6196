using System.Globalization;
using System.Text.Json;
using MisterP.Output;

namespace MisterP.Batch;

/// <summary>What happened to a job, as one row of status.csv (and the job's status/&lt;id&gt;.json).</summary>
public sealed record JobStatus
{
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    public required string Id { get; init; }

    /// <summary><see cref="Done"/>, <see cref="Failed"/> (or <see cref="Skipped"/> in a run's result: unchanged since a finished run).</summary>
    public required string State { get; init; }

    public string Hash { get; init; } = string.Empty;

    public double Seconds { get; init; }

    public double? MaxRhat { get; init; }

    public double? MinEssBulk { get; init; }

    public double? MinEssTail { get; init; }

    public int? Divergences { get; init; }

    public string Error { get; init; } = string.Empty;

    /// <summary>R̂ ≤ 1.01 and bulk and tail ESS ≥ 400 (Vehtari et al. 2021's recommendation).</summary>
    public bool Converged => MaxRhat is <= 1.01 && MinEssBulk is >= 400 && MinEssTail is >= 400;

    public static readonly string[] Columns = ["job_id", "state", "seconds", "max_rhat", "min_ess_bulk", "min_ess_tail", "divergences", "error"];

    public string[] Cells() =>
    [
        Id, State, Number(Seconds), Number(MaxRhat), Number(MinEssBulk), Number(MinEssTail),
        Divergences?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Error,
    ];

    public static void WriteCsv(string path, IEnumerable<JobStatus> rows) =>
        AtomicFile.WriteText(path, writer =>
        {
            writer.WriteLine(string.Join(",", Columns));
            foreach (var row in rows.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                writer.WriteLine(string.Join(",", row.Cells().Select(TableCsv.Quote)));
            }
        });

    public static JobStatus? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<JobStatus>(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    public void Write(string path) => AtomicFile.WriteText(path, writer => writer.Write(JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true })));

    private static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : string.Empty;
}
