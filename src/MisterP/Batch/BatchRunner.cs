using System.Diagnostics;
using MisterP.Data;
using MisterP.Output;
using MisterP.Workflow;

namespace MisterP.Batch;

/// <summary>
/// Runs batch jobs on a bounded work queue: at most <c>jobs</c> fits at once, each given cores / jobs threads for its
/// chains, so fits and chains share the cores without oversubscription (thread counts never change draws). Each job
/// is written as one atomic folder; a failed job is recorded and the others go on; a cancelled run stops taking jobs
/// and leaves only complete job folders.
/// </summary>
public static class BatchRunner
{
    public static IReadOnlyList<JobStatus> Run(
        IReadOnlyList<BatchJob> jobs,
        string outDir,
        BatchRunOptions options,
        IProgress<BatchProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var layout = new BatchLayout(outDir);
        layout.Prepare();
        var selected = jobs.Where(j => options.Shard.Contains(j.Id)).ToList();
        var parallel = Math.Max(1, Math.Min(options.Jobs ?? options.Cores, Math.Max(1, selected.Count)));
        var threadsPerFit = Math.Max(1, options.Cores / parallel);
        var results = new JobStatus?[selected.Count];
        var sync = new object();
        var watch = Stopwatch.StartNew();
        int done = 0, failed = 0, skipped = 0, ran = 0;

        void Report()
        {
            var finished = done + failed + skipped;
            var remaining = selected.Count - finished;
            TimeSpan? left = ran > 0 ? TimeSpan.FromSeconds(watch.Elapsed.TotalSeconds / ran * remaining) : null;
            progress?.Report(new BatchProgress(done, failed, skipped, remaining, left));
        }

        Report();
        try
        {
            Parallel.For(0, selected.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, i =>
            {
                var job = selected[i];
                var hash = JobHash.Of(job);
                var previous = JobStatus.Read(layout.StatusFile(job.Id));
                JobStatus status;
                if (!options.Force && previous is { State: JobStatus.Done } && previous.Hash == hash && Directory.Exists(layout.JobFolder(job.Id)))
                {
                    status = previous with { State = JobStatus.Skipped };
                }
                else
                {
                    status = RunOne(job, hash, layout, threadsPerFit, options.RetryUnconverged, cancellationToken);
                    status.Write(layout.StatusFile(job.Id));
                }

                lock (sync)
                {
                    results[i] = status;
                    _ = status.State switch
                    {
                        JobStatus.Done => done++,
                        JobStatus.Failed => failed++,
                        _ => skipped++,
                    };
                    ran += status.State == JobStatus.Skipped ? 0 : 1;
                    JobStatus.WriteCsv(layout.StatusCsv, layout.Statuses());
                    Report();
                }
            });
        }
        catch (AggregateException ex) when (cancellationToken.IsCancellationRequested && ex.Flatten().InnerExceptions.All(e => e is OperationCanceledException))
        {
            // Fits stopped by the signal: report one cancellation (exit 130), not an internal error.
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            // Whatever finished is on record, also after a cancellation.
            JobStatus.WriteCsv(layout.StatusCsv, layout.Statuses());
        }

        return results.OfType<JobStatus>().ToList();
    }

    private static JobStatus RunOne(BatchJob job, string hash, BatchLayout layout, int threads, bool retry, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var options = job.Fit with { Sampler = job.Fit.Sampler with { Threads = threads } };
            var fit = Mrp.Fit(job.DataSpec, job.Formula, options, null, cancellationToken);
            if (retry && !Diagnose(fit, job.Id, hash, 0).Converged && fit.Method == FitMethod.Nuts)
            {
                var longer = options.Sampler with { Warmup = options.Sampler.Warmup * 2, Draws = options.Sampler.Draws * 2 };
                fit = Mrp.Fit(job.DataSpec, job.Formula, options with { Sampler = longer }, null, cancellationToken);
            }

            using var frame = TableSources.Open(job.Frame, job.FrameJoins);
            var result = fit.Poststratify(frame, job.Poststrat, null, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            AtomicDirectory.Write(layout.JobFolder(job.Id), overwrite: true, folder =>
            {
                fit.Save(Path.Combine(folder, "fit"), cancellationToken: cancellationToken);
                EstimatesCsv.Write(Path.Combine(folder, "estimates.csv"), result);
                File.WriteAllText(Path.Combine(folder, "job.json"), job.Entry.CanonicalJson() + "\n");
            }, cancellationToken);
            return Diagnose(fit, job.Id, hash, watch.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var message = ex is UserInputException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            return new JobStatus { Id = job.Id, State = JobStatus.Failed, Hash = hash, Seconds = watch.Elapsed.TotalSeconds, Error = message.ReplaceLineEndings(" ") };
        }
    }

    private static JobStatus Diagnose(MrpFit fit, string id, string hash, double seconds)
    {
        var summary = (fit.Summary ?? []).Where(s => double.IsFinite(s.Rhat)).ToList();
        return new JobStatus
        {
            Id = id,
            State = JobStatus.Done,
            Hash = hash,
            Seconds = seconds,
            MaxRhat = summary.Count > 0 ? summary.Max(s => s.Rhat) : null,
            MinEssBulk = summary.Count > 0 ? summary.Min(s => s.EssBulk) : null,
            MinEssTail = summary.Count > 0 ? summary.Min(s => s.EssTail) : null,
            Divergences = fit.SamplerDiagnostics?.Divergences,
        };
    }
}
