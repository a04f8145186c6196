using Xunit;
using System.Globalization;
using System.Text;
using MisterP.Batch;
using MisterP.Tests.Cli;

namespace MisterP.Tests.Batch;

/// <summary><c>mrp batch run/collect</c> (issue 15) on a small simulated survey and frame.</summary>
public sealed class BatchCliTests : IDisposable
{
    private const string Fast = "\"chains\": 2, \"warmup\": 150, \"draws\": 100";
    private readonly TempFolder _temp = new();

    public BatchCliTests()
    {
        var random = new Random(7);
        var groups = new[] { "a", "b", "c", "d", "e" };
        var sample = new StringBuilder("y,g,segment\n");
        for (var i = 0; i < 300; i++)
        {
            var g = random.Next(groups.Length);
            var p = 1 / (1 + Math.Exp(-(-0.5 + (0.3 * g))));
            sample.Append(CultureInfo.InvariantCulture, $"{(random.NextDouble() < p ? 1 : 0)},{groups[g]},{(i % 2 == 0 ? "odd" : "even")}\n");
        }

        _temp.File("sample.csv", sample.ToString());
        _temp.File("frame.csv", "g,n\n" + string.Concat(groups.Select((g, i) => $"{g},{100 * (i + 1)}\n")));
    }

    public void Dispose() => _temp.Dispose();

    private string Manifest(string jobs, string name = "manifest.json") =>
        _temp.File(name, $$"""{"defaults": {"data": "sample.csv", "frame": "frame.csv", "formula": "y ~ (1|g)", "by": ["g", ""], {{Fast}}}, "jobs": [{{jobs}}]}""");

    private string Out(string name) => Path.Combine(_temp.Path, name);

    [Fact]
    public void Manifest_errors_are_all_reported_before_any_job_starts_with_the_job_id()
    {
        var manifest = Manifest("""
            {"id": "ok"},
            {"id": "typo", "chainz": 3},
            {"id": "twice"}, {"id": "twice"},
            {"id": "nofile", "data": "missing.csv"},
            {"id": "injection", "where": "1=1) UNION SELECT * FROM sample WHERE (1=1"},
            {"id": "statement", "where": "1=1); DROP TABLE x; SELECT (1"},
            {"id": "nocolumn", "where": "question = 'q1'"},
            {"id": "badformula", "formula": "y ~ (1|"}
            """);
        var (exit, _, error) = CliRunner.Run("batch", "run", manifest, "--out", Out("b"));
        Assert.Equal(2, exit);
        Assert.Contains("job 'typo': unknown option 'chainz'. Did you mean 'chains'?", error);
        Assert.Contains("job id 'twice' is used 2 times", error);
        Assert.Matches("job 'nofile': data file '[^']*missing.csv' does not exist", error);
        Assert.Contains("job 'injection': 'where'", error);
        Assert.Contains("job 'statement': 'where'", error);
        Assert.Contains("job 'nocolumn': 'where' \"question = 'q1'\" does not work on the data", error);
        Assert.Contains("job 'badformula':", error);
        Assert.DoesNotContain("job 'ok'", error);
        Assert.False(Directory.Exists(Out("b")), "nothing is written when the manifest has errors");
    }

    [Fact]
    public void Csv_manifest_reports_unknown_columns_and_rows()
    {
        var manifest = _temp.File("m.csv", "id,data,frame,formula,colour\nq1,sample.csv,frame.csv,y ~ (1|g),red\n,sample.csv,frame.csv,y ~ (1|g),\n");
        var (exit, _, error) = CliRunner.Run("batch", "run", manifest, "--out", Out("b"));
        Assert.Equal(2, exit);
        Assert.Contains("unknown option 'colour'", error);
        Assert.Contains("row 3: has no id", error);
    }

    [Fact]
    public void A_failed_job_is_recorded_the_others_finish_a_rerun_skips_them_and_collect_gathers_them()
    {
        var manifest = Manifest("""
            {"id": "all"},
            {"id": "odd", "where": "segment = 'odd' AND g LIKE '%'"},
            {"id": "broken", "formula": "y ~ (1|nosuchcolumn)"}
            """);
        var (exit, output, _) = CliRunner.Run("batch", "run", manifest, "--out", Out("b"), "--jobs", "2");
        Assert.Equal(1, exit);
        Assert.Contains("2 done, 0 unchanged (skipped), 1 failed", output);
        var status = File.ReadAllLines(Path.Combine(Out("b"), "status.csv"));
        Assert.Equal("job_id,state,seconds,max_rhat,min_ess_bulk,min_ess_tail,divergences,error", status[0]);
        Assert.StartsWith("all,done,", status[1]);
        Assert.StartsWith("broken,failed,", status[2]);
        Assert.Contains("nosuchcolumn", status[2]);
        Assert.StartsWith("odd,done,", status[3]);
        Assert.True(File.Exists(Path.Combine(Out("b"), "jobs", "all", "fit", "draws.csv")));
        Assert.False(Directory.Exists(Path.Combine(Out("b"), "jobs", "broken")));

        // The where filter kept only the odd half: the two fits saw different data.
        Assert.NotEqual(
            File.ReadAllText(Path.Combine(Out("b"), "jobs", "all", "estimates.csv")),
            File.ReadAllText(Path.Combine(Out("b"), "jobs", "odd", "estimates.csv")));

        var written = File.GetLastWriteTimeUtc(Path.Combine(Out("b"), "jobs", "all", "estimates.csv"));
        var (_, again, _) = CliRunner.Run("batch", "run", manifest, "--out", Out("b"));
        Assert.Contains("0 done, 2 unchanged (skipped), 1 failed", again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(Out("b"), "jobs", "all", "estimates.csv")));

        // A changed data file changes the content hash of every job reading it.
        File.AppendAllText(Path.Combine(_temp.Path, "sample.csv"), "1,a,odd\n");
        var (_, changed, _) = CliRunner.Run("batch", "run", manifest, "--out", Out("b"));
        Assert.Contains("2 done, 0 unchanged", changed);

        var (collectExit, _, collectError) = CliRunner.Run("batch", "collect", Out("b"), "--out", Out("all.csv"));
        Assert.True(collectExit == 0, collectError);
        var table = File.ReadAllLines(Out("all.csv"));
        var header = table[0].Split(',');
        Assert.Equal("job_id", header[0]);
        Assert.Contains("job_formula", header);
        Assert.Contains("job_where", header);
        Assert.Contains("by", header);
        Assert.Contains("estimate", header);
        Assert.Equal(2 * 6, table.Length - 1); // 5 groups + everyone, per finished job
        Assert.Contains(table, l => l.StartsWith("odd,", StringComparison.Ordinal));
        Assert.Contains("broken,failed", File.ReadAllText(Out("all.status.csv")));

        var (parquetExit, _, parquetError) = CliRunner.Run("batch", "collect", Out("b"), "--out", Out("all.parquet"));
        Assert.True(parquetExit == 0, parquetError);
        Assert.True(new FileInfo(Out("all.parquet")).Length > 0);
    }

    [Fact]
    public void A_job_gives_byte_identical_outputs_alone_in_a_batch_and_in_any_shard()
    {
        var jobs = """{"id": "j1"}, {"id": "j2", "seed": 5}, {"id": "j3", "where": "segment = 'even'"}, {"id": "j4", "seed": 9}""";
        var manifest = Manifest(jobs);
        Assert.Equal(0, CliRunner.Run("batch", "run", manifest, "--out", Out("whole"), "--jobs", "2").Exit);
        Assert.Equal(0, CliRunner.Run("batch", "run", manifest, "--out", Out("sharded"), "--shard", "0/2", "--jobs", "1").Exit);
        Assert.Equal(0, CliRunner.Run("batch", "run", manifest, "--out", Out("sharded"), "--shard", "1/2").Exit);
        var alone = Manifest("""{"id": "j3", "where": "segment = 'even'"}""", "alone.json");
        Assert.Equal(0, CliRunner.Run("batch", "run", alone, "--out", Out("alone"), "--jobs", "1").Exit);

        var shards = new[] { new BatchShard(0, 2), new BatchShard(1, 2) };
        foreach (var id in new[] { "j1", "j2", "j3", "j4" })
        {
            Assert.Single(shards, s => s.Contains(id));
            foreach (var file in new[] { "fit/draws.csv", "fit/summary.csv", "estimates.csv" })
            {
                var whole = File.ReadAllBytes(Path.Combine(Out("whole"), "jobs", id, file));
                Assert.Equal(whole, File.ReadAllBytes(Path.Combine(Out("sharded"), "jobs", id, file)));
                if (id == "j3")
                {
                    Assert.Equal(whole, File.ReadAllBytes(Path.Combine(Out("alone"), "jobs", id, file)));
                }
            }
        }
    }

    [Fact]
    public void The_csv_form_of_a_job_hashes_like_its_json_form()
    {
        var json = Manifest("""{"id": "q1", "by": ["g"]}""");
        Assert.Equal(0, CliRunner.Run("batch", "run", json, "--out", Out("b")).Exit);
        var csv = _temp.File("manifest.csv", "id,data,frame,formula,by,chains,warmup,draws\nq1,sample.csv,frame.csv,y ~ (1|g),g,2,150,100\n");
        var (exit, output, error) = CliRunner.Run("batch", "run", csv, "--out", Out("b"));
        Assert.True(exit == 0, error);
        Assert.Contains("1 unchanged (skipped)", output);
    }

    [Fact]
    public void Cancellation_leaves_no_half_written_job_folder()
    {
        // Cancelled once j1 has finished and while the longer j2 runs (not after a fixed time, which a fast machine beats).
        var manifest = Manifest("""{"id": "j1"}, {"id": "j2", "warmup": 4000, "draws": 4000}""");
        using var cancel = new CancellationTokenSource();
        var finished = Path.Combine(Out("b"), "jobs", "j1", "estimates.csv");
        var watcher = new Thread(() =>
        {
            while (!File.Exists(finished))
            {
                Thread.Sleep(5);
            }

            cancel.Cancel();
        })
        { IsBackground = true };
        watcher.Start();
        var (exit, _, _) = CliRunner.Run(cancel.Token, "batch", "run", manifest, "--out", Out("b"), "--jobs", "1");
        watcher.Join(TimeSpan.FromSeconds(5));
        Assert.Equal(130, exit);
        var jobs = Path.Combine(Out("b"), "jobs");
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(jobs), e => Path.GetFileName(e).StartsWith('.'));
        Assert.True(File.Exists(finished), "the job finished before the cancellation is kept");
        Assert.False(Directory.Exists(Path.Combine(jobs, "j2")), "the cancelled job leaves no folder");
        foreach (var job in Directory.EnumerateDirectories(jobs))
        {
            Assert.True(File.Exists(Path.Combine(job, "estimates.csv")), $"{job} is complete");
        }

        // Resuming finishes the rest with the outputs of an uninterrupted run.
        Assert.Equal(0, CliRunner.Run("batch", "run", manifest, "--out", Out("b")).Exit);
        Assert.Equal(0, CliRunner.Run("batch", "run", manifest, "--out", Out("c")).Exit);
        foreach (var id in new[] { "j1", "j2" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Out("c"), "jobs", id, "estimates.csv")), File.ReadAllBytes(Path.Combine(Out("b"), "jobs", id, "estimates.csv")));
        }
    }

    [Fact]
    public void Retry_unconverged_refits_a_job_that_missed_the_targets_with_twice_the_warmup_and_draws()
    {
        // 2 × 20 draws cannot reach ESS ≥ 400, so the job is refitted once with 2 × 40.
        var manifest = Manifest("""{"id": "short", "warmup": 20, "draws": 20}""");
        Assert.Equal(0, CliRunner.Run("batch", "run", manifest, "--out", Out("plain")).Exit);
        Assert.Equal(0, CliRunner.Run("batch", "run", manifest, "--out", Out("retried"), "--retry-unconverged").Exit);
        static int Draws(string fit) => File.ReadLines(Path.Combine(fit, "draws.csv")).Count(l => !l.StartsWith('#')) - 1;
        Assert.Equal(2 * 20, Draws(Path.Combine(Out("plain"), "jobs", "short", "fit")));
        Assert.Equal(2 * 40, Draws(Path.Combine(Out("retried"), "jobs", "short", "fit")));
    }

    [Fact]
    public void Collect_leaves_out_a_job_whose_latest_run_failed()
    {
        var manifest = Manifest("""{"id": "q1"}, {"id": "q2"}""");
        Assert.Equal(0, CliRunner.Run("batch", "run", manifest, "--out", Out("b")).Exit);
        var broken = Manifest("""{"id": "q1"}, {"id": "q2", "formula": "y ~ (1|nosuchcolumn)"}""");
        Assert.Equal(1, CliRunner.Run("batch", "run", broken, "--out", Out("b")).Exit);
        Assert.True(Directory.Exists(Path.Combine(Out("b"), "jobs", "q2")), "the finished folder of the earlier run is kept");
        Assert.Equal(0, CliRunner.Run("batch", "collect", Out("b"), "--out", Out("all.csv")).Exit);
        var rows = File.ReadAllLines(Out("all.csv")).Skip(1).ToList();
        Assert.All(rows, r => Assert.StartsWith("q1,", r, StringComparison.Ordinal));
        Assert.Equal(6, rows.Count);
    }

    [Fact]
    public void A_frame_with_a_level_the_sample_lacks_fails_the_job_unless_the_manifest_allows_new_levels()
    {
        _temp.File("wider.csv", "g,n\na,100\nb,200\nc,300\nd,400\ne,500\nf,600\n");
        var manifest = Manifest("""
            {"id": "strict", "frame": "wider.csv"},
            {"id": "allowed", "frame": "wider.csv", "allow-new-levels": true}
            """);
        var (exit, output, _) = CliRunner.Run("batch", "run", manifest, "--out", Out("b"));
        Assert.Equal(1, exit);
        Assert.Contains("1 done, 0 unchanged (skipped), 1 failed", output);
        var status = File.ReadAllText(Path.Combine(Out("b"), "status.csv"));
        Assert.Contains("strict,failed,", status);
        Assert.Contains("never saw", status);
        Assert.Contains("allowed,done,", status);
    }
}
