using System.Text.Json;
using DuckDB.NET.Data;
using MisterP.Data;
using MisterP.Output;

namespace MisterP.Batch;

/// <summary>
/// <c>mrp batch collect</c>: every finished job's estimates in one long table — <c>job_id</c>, the job's manifest
/// options (one column each named <c>job_&lt;option&gt;</c>, so none clashes with an estimates column; lists joined by ';'), then the estimates columns (grouping columns are the union over
/// jobs) — as CSV or Parquet, plus the status table beside it (<c>&lt;name&gt;.status.csv</c>).
/// </summary>
public static class BatchCollector
{
    public static (int Jobs, string StatusPath) Collect(string batchDir, string outPath)
    {
        var layout = new BatchLayout(batchDir);
        if (!File.Exists(Path.Combine(batchDir, BatchLayout.Marker)))
        {
            throw new UserInputException($"'{batchDir}' is not a batch folder (no {BatchLayout.Marker}); give the --out folder of mrp batch run.");
        }

        // Only jobs whose latest run finished: a job that failed after a change keeps its old folder, which is stale.
        var finished = layout.Statuses().Where(s => s.State == JobStatus.Done).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var jobs = Directory.EnumerateDirectories(layout.JobsFolder)
            .Where(d => finished.Contains(Path.GetFileName(d)) && File.Exists(Path.Combine(d, "estimates.csv")) && File.Exists(Path.Combine(d, "job.json")))
            .Order(StringComparer.Ordinal)
            .ToList();
        var parquet = outPath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        var statusPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath)) ?? ".", Path.GetFileNameWithoutExtension(outPath) + ".status.csv");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var entries = jobs.Select(d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "job.json")))).ToList();
        var optionNames = entries.SelectMany(e => e.RootElement.EnumerateObject().Select(p => p.Name)).Where(n => n != "id").Distinct().Order(StringComparer.Ordinal).ToList();
        var selects = new List<string>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var root = entries[i].RootElement;
            var columns = optionNames.Select(n =>
                (root.TryGetProperty(n, out var v)
                    ? Sql.Literal(v.ValueKind == JsonValueKind.Array ? string.Join(";", v.EnumerateArray().Select(x => x.GetString())) : v.GetString() ?? string.Empty)
                    : "NULL::VARCHAR") + " AS " + Sql.Identifier("job_" + n));
            var read = $"read_csv({Sql.Literal(Path.Combine(jobs[i], "estimates.csv"))}, header = true, all_varchar = true, nullstr = '')";
            selects.Add($"SELECT {Sql.Literal(root.GetProperty("id").GetString()!)} AS job_id, {string.Join(", ", columns.DefaultIfEmpty("NULL AS _"))}, * FROM {read}");
        }

        foreach (var entry in entries)
        {
            entry.Dispose();
        }

        var union = selects.Count == 0 ? "SELECT NULL AS job_id WHERE false" : string.Join(" UNION ALL BY NAME ", selects);
        var full = Path.GetFullPath(outPath);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"COPY ({union}) TO {Sql.Literal(temp)} ({(parquet ? "FORMAT parquet" : "HEADER, DELIMITER ','")})";
                command.ExecuteNonQuery();
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        JobStatus.WriteCsv(statusPath, layout.Statuses());
        return (jobs.Count, statusPath);
    }
}
