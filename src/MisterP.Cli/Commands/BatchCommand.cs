using System.CommandLine;
using System.Globalization;
using MisterP.Batch;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp batch run MANIFEST --out DIR</c> and <c>mrp batch collect DIR --out FILE</c> (issue 15).</summary>
internal static class BatchCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("batch", "Run many fits + post-stratifications from a manifest, and collect their estimates.");
        command.Subcommands.Add(Run(context));
        command.Subcommands.Add(Collect(context));
        return command;
    }

    private static Command Run(CliContext context)
    {
        var manifest = new Argument<string>("MANIFEST") { Description = "Manifest (.json, see docs/batch-manifest.schema.json, or .csv with one row per job)." };
        var output = new Option<string>("--out", "-o") { Description = "Batch folder: jobs/<id>/ (fit/ and estimates.csv), status.csv.", Required = true };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Fits at once (default: one per core); each gets cores/jobs threads for its chains." };
        var force = new Option<bool>("--force") { Description = "Redo every job, also those unchanged since they finished." };
        var shard = new Option<string?>("--shard") { Description = "I/N: run only the jobs whose id hashes to I mod N (I from 0: $SLURM_ARRAY_TASK_ID, $JOB_COMPLETION_INDEX)." };
        var retry = new Option<bool>("--retry-unconverged") { Description = "Refit once with twice the warmup and draws when R̂ > 1.01 or ESS < 400." };
        var quiet = CommonOptions.Quiet();
        var command = new Command("run", "Run a manifest's jobs on a bounded work queue; unchanged finished jobs are skipped.");
        command.Arguments.Add(manifest);
        foreach (var option in new Option[] { output, jobs, force, shard, retry, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var all = BatchManifest.Load(parse.GetValue(manifest)!);
            if (parse.GetValue(jobs) is < 1)
            {
                throw new UserInputException("--jobs must be at least 1.");
            }

            var options = new BatchRunOptions
            {
                Jobs = parse.GetValue(jobs),
                Force = parse.GetValue(force),
                Shard = parse.GetValue(shard) is { } s ? BatchShard.Parse(s) : BatchShard.All,
                RetryUnconverged = parse.GetValue(retry),
            };
            // The progress line only on a terminal: logs of a cluster job get the summary alone.
            IProgress<BatchProgress>? progress = context.Interactive && !parse.GetValue(quiet) ? new SynchronousProgress<BatchProgress>(p => ShowProgress(context, p)) : null;
            var results = BatchRunner.Run(all, parse.GetValue(output)!, options, progress, context.Cancellation);
            if (progress is not null)
            {
                context.Output.WriteLine();
            }

            var failed = results.Count(r => r.State == JobStatus.Failed);
            if (!parse.GetValue(quiet))
            {
                var unconverged = results.Count(r => r.State != JobStatus.Failed && !r.Converged);
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{results.Count} jobs: {results.Count(r => r.State == JobStatus.Done)} done, {results.Count(r => r.State == JobStatus.Skipped)} unchanged (skipped), {failed} failed; {unconverged} missed R̂ ≤ 1.01 / ESS ≥ 400."));
                foreach (var f in results.Where(r => r.State == JobStatus.Failed))
                {
                    context.Output.WriteLine($"  failed {f.Id}: {f.Error}");
                }

                context.Output.WriteLine($"Status: {Path.Combine(parse.GetValue(output)!, "status.csv")}");
            }

            return failed > 0 ? ExitCodes.InternalError : ExitCodes.Success;
        });
        return command;
    }

    private static void ShowProgress(CliContext context, BatchProgress p)
    {
        var left = p.TimeLeft is { } t ? $", ~{t:hh\\:mm\\:ss} left" : string.Empty;
        context.Output.Write($"\rbatch: {p.Done} done, {p.Failed} failed, {p.Skipped} skipped, {p.Remaining} remaining{left}   ");
    }

    private static Command Collect(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "Batch folder written by mrp batch run (all shards)." };
        var output = new Option<string>("--out", "-o") { Description = "Long table of every job's estimates (.csv or .parquet); the status table goes beside it as NAME.status.csv.", Required = true };
        var command = new Command("collect", "Gather every job's estimates into one long table with its id and manifest columns, plus the status table.");
        command.Arguments.Add(dir);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var (count, status) = BatchCollector.Collect(parse.GetValue(dir)!, parse.GetValue(output)!);
            context.Output.WriteLine($"Collected {count} jobs into {parse.GetValue(output)}; status in {status}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
