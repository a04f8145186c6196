using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using MisterP.Bench;
using MisterP.Inference;
using MisterP.Inference.Sampling;
using MisterP.Posterior;

// bench entry points (run by the scripts in bench/):
//   micro                          BenchmarkDotNet: one NUTS transition
//   nuts MODEL SEED                sample MODEL (normal100 | eight_schools_nc) with Stan's defaults; prints one CSV line
//   gradient SHARED [N [CSV]]       µs per gradient of the seed talk's model (N evaluations; CSV instead of the biased sample)
//   gradient-cumulative SHARED [N]   µs per gradient of the ordinal reference model (cumulative logit, information-scaled)
//   sampler SHARED DELTA [diag|dense [SEED [none|scaled[:SHARE] [CSV]]]]  sampler efficiency (per-chain step size, leapfrogs, ESS, divergences)
//   fit-phases DATA FORMULA SEED   time of preparation, NUTS, summary and saving of one fit with the shipped defaults
//   ml-inprocess DATA FORMULA RUNS  in-process time of `--method ml` (Mrp.Fit called RUNS times in one process)
//   overhead [N]                   the sampler's own CPU µs per leapfrog (100-d normal, gradient nearly free)
//   mrp SHARED TAG SEED [DELTA|default [noncentered]]    the seed talk's MRP model vs the rstanarm reference (TAG cces_biased5000 | semisynthetic5000)
//   sbc N SEED [stan|fast [auto]]  simulation-based calibration of a hierarchical normal model (warmup adaptation; auto warmup)
//   calibration SHARED N SEED [prior]  interval coverage over N replications redrawn from the semi-synthetic truth
//                                  (prior: the truth of each replication drawn from the prior it is fitted with)
//   poststrat-phases FIT FRAME     where a post-stratification of FIT over FRAME (weight n, by state) spends its time
//   adapt SHARED MODEL SEEDS       warmup adaptations side by side (stan|fast × 1000|auto), MODEL cces_biased5000 | semisynthetic5000 |
//                                  eight_schools_nc | funnel | normal100, seeds 1..SEEDS [CONFIGS: only these, e.g. fast/1000,fast/auto]
//   draws-csv FIT                  time of writing FIT's draws as draws.csv (3 runs) and whether the bytes equal FIT/draws.csv
//   loo-phases FIT                 where `mrp loo FIT` spends its time (load, cells, PSIS-LOO cold and warm; wall and CPU)
//   duckdb SQL                     runs SQL in an in-memory DuckDB (frame build bench: generate microdata, reference GROUP BY)
//   structured-gradient N1 N2 …     set-up and gradient cost of bym2 / rw1 priors on random planar maps of N areas (issue 14)
//   calibration-family cumulative|categorical N SEED  coverage and SBC ranks with the truth drawn from the fitted prior (issue 17)
//   sbc-structured rw1|bym2 N SEED  SBC of a bernoulli model with an rw1 or a bym2 term, truth from the intrinsic prior (issue 14)
if (args.Length == 2 && args[0] == "duckdb")
{
    return DuckDbSqlBench.Run(args[1]);
}

if (args.Length >= 2 && args[0] == "structured-gradient")
{
    return StructuredGradientBench.Run(args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray());
}

if (args.Length == 4 && args[0] == "calibration-family")
{
    return MisterP.Bench.Calibration.CategoryCalibrationBench.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), ulong.Parse(args[3], CultureInfo.InvariantCulture), CalibrationFolder());
}

if (args.Length == 4 && args[0] == "sbc-structured")
{
    return MisterP.Bench.Calibration.StructuredSbcBench.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), ulong.Parse(args[3], CultureInfo.InvariantCulture), CalibrationFolder());
}

if (args.Length == 0 || args[0] == "micro")
{
    BenchmarkRunner.Run<NutsTransitionBenchmark>(args: args.Skip(1).ToArray());
    return 0;
}

if (args[0] == "adapt" && args.Length is 4 or 5)
{
    return AdaptationBench.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args.Length > 4 ? args[4] : null);
}

if (args[0] == "draws-csv" && args.Length == 2)
{
    var draws = MisterP.Workflow.SavedFit.Load(args[1]).Draws ?? throw new ArgumentException("The fit has no draws.");
    var path = Path.Combine(Path.GetTempPath(), $"misterp-draws-{Environment.ProcessId}.csv");
    for (var run = 1; run <= 3; run++)
    {
        var timer = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        MisterP.Output.DrawsCsv.Write(path, draws);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"write draws.csv run {run}: {timer.ElapsedMilliseconds} ms wall, {cpu.TotalMilliseconds:F0} ms CPU ({new FileInfo(path).Length / 1e6:F1} MB)");
    }

    Console.WriteLine($"identical to {args[1]}/draws.csv: {File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(args[1], "draws.csv")))}");
    File.Delete(path);
    return 0;
}

if (args[0] == "nuts" && args.Length == 3)
{
    var density = TargetModels.Create(args[1]);
    var seed = ulong.Parse(args[2], CultureInfo.InvariantCulture);
    var result = NutsSampler.Sample(density, new SamplerOptions { Seed = seed, Chains = 4, Warmup = 1000, Draws = 1000 });
    // The run writes its draws as the CLI would, so output cost is part of the timing; diagnostics are not.
    var path = Path.Combine(Path.GetTempPath(), $"misterp-bench-{args[1]}-{seed}.csv");
    MisterP.Output.DrawsCsv.Write(path, result.Draws);
    File.Delete(path);
    var diagnosticsClock = Stopwatch.StartNew();
    var summary = MisterP.Posterior.Diagnostics.Summarize(result.Draws);
    var minBulk = summary.Min(s => s.EssBulk);
    var minTail = summary.Min(s => s.EssTail);
    var maxRhat = summary.Max(s => s.Rhat);
    var divergences = SamplerDiagnostics.From(result.Draws, 10).Divergences;
    // The script times the whole process; diagnostics are computed here only for the report, so their time is subtracted.
    var seconds = diagnosticsClock.Elapsed.TotalSeconds;
    Console.WriteLine(string.Join(",", args[1], seed, minBulk.ToString("R", CultureInfo.InvariantCulture), minTail.ToString("R", CultureInfo.InvariantCulture),
        maxRhat.ToString("R", CultureInfo.InvariantCulture), divergences, result.GradientEvaluations, seconds.ToString("R", CultureInfo.InvariantCulture)));
    return 0;
}

if (args[0] == "mrp" && args.Length >= 4)
{
    // TARGET_ACCEPT "default" (or absent) keeps the shipped default; a trailing "noncentered" samples as rstanarm does.
    return MrpReferenceBench.Run(args[1], args[2], ulong.Parse(args[3], CultureInfo.InvariantCulture),
        args.Length > 4 && args[4] != "default" ? double.Parse(args[4], CultureInfo.InvariantCulture) : null, !(args.Length > 5 && args[5] == "noncentered"));
}

if (args[0] == "gradient-cumulative" && args.Length is 2 or 3)
{
    return CumulativeGradientBench.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20000);
}

if (args[0] == "gradient" && args.Length is >= 2 and <= 4)
{
    return GradientBench.Run(args[1], args.Length > 3 ? args[3] : null, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20000);
}

if (args[0] == "fit-phases" && args.Length == 4)
{
    return FitPhasesBench.Run(args[1], args[2], ulong.Parse(args[3], CultureInfo.InvariantCulture));
}

if (args[0] == "ml-inprocess" && args.Length == 4)
{
    return MlInProcessBench.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
}

if (args[0] == "overhead")
{
    return NutsOverheadBench.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20000);
}

if (args[0] == "sampler" && args.Length is >= 3 and <= 7)
{
    var metric = args.Length > 3 && args[3] == "dense" ? MetricKind.Dense : MetricKind.Diagonal;
    var seed = args.Length > 4 ? ulong.Parse(args[4], CultureInfo.InvariantCulture) : 1010;
    var scaling = args.Length > 5 ? args[5] : "scaled";
    return SamplerBench.Run(args[1], double.Parse(args[2], CultureInfo.InvariantCulture), metric, seed, scaling, args.Length > 6 ? args[6] : null);
}

if (args[0] == "poststrat-phases" && args.Length == 3)
{
    // Where the time of a post-stratification goes: parsing draws.csv (what a fit folder without draws.bin costs), loading
    // the fit (through draws.bin), opening and joining the frame, predicting and aggregating (cold, then warm: the
    // difference is JIT), and the R-hat/ESS summaries alone.
    var timer = Stopwatch.StartNew();
    MisterP.Output.DrawsCsv.Read(Path.Combine(args[1], "draws.csv"));
    Console.WriteLine($"parse draws.csv: {timer.ElapsedMilliseconds} ms");
    timer.Restart();
    var saved = MisterP.Workflow.SavedFit.Load(args[1]);
    Console.WriteLine($"load fit (draws.bin {(File.Exists(Path.Combine(args[1], "draws.bin")) ? "present" : "absent")}): {timer.ElapsedMilliseconds} ms");
    timer.Restart();
    using var frame = MisterP.Data.TableSources.Open(args[2]);
    Console.WriteLine($"open frame: {timer.ElapsedMilliseconds} ms");
    foreach (var pass in new[] { "cold", "warm" })
    {
        timer.Restart();
        var result = saved.Poststratify(frame, new MisterP.Poststrat.PoststratOptions { Weight = "n", By = [["state"]], KeepDraws = true });
        Console.WriteLine($"poststratify ({pass}): {timer.ElapsedMilliseconds} ms ({result.FrameRows} cells × {result.DrawCount} draws)");
        if (pass == "warm")
        {
            timer.Restart();
            foreach (var e in result.Estimates)
            {
                MisterP.Poststrat.EstimateSummary.Of(e.Draws!, result.Layout, 0.9);
            }

            Console.WriteLine($"of which summaries with R-hat/ESS (one thread): {timer.ElapsedMilliseconds} ms for {result.Estimates.Count} groups");
        }
    }

    return 0;
}

if (args[0] == "loo-phases" && args.Length == 2)
{
    return LooPhasesBench.Run(args[1]);
}

if (args[0] == "sbc" && args.Length is >= 3 and <= 5)
{
    // Optional: the warmup adaptation (stan | fast) and "auto" warmup (ceiling 1000) instead of 500 iterations.
    var adapt = args.Length > 3 && args[3] == "fast" ? MisterP.Inference.Adaptation.AdaptationKind.Fast : MisterP.Inference.Adaptation.AdaptationKind.Stan;
    return SbcBench.Run(int.Parse(args[1], CultureInfo.InvariantCulture), ulong.Parse(args[2], CultureInfo.InvariantCulture), adapt, args.Length > 4 && args[4] == "auto");
}

if (args[0] == "calibration" && args.Length is 4 or 5)
{
    return CalibrationBench.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), ulong.Parse(args[3], CultureInfo.InvariantCulture),
        truthFromPrior: args.Length == 5 && args[4] == "prior");
}

Console.Error.WriteLine("usage: MisterP.Bench micro | overhead [TRANSITIONS] | nuts MODEL SEED | gradient SHARED_DIR [EVALUATIONS [CSV]] | gradient-cumulative SHARED_DIR [EVALUATIONS] | sampler SHARED_DIR DELTA [diag|dense [SEED [none|scaled[:SHARE] [CSV]]]] | mrp SHARED_DIR TAG SEED [TARGET_ACCEPT|default [noncentered]] | sbc REPLICATIONS SEED | calibration-family cumulative|categorical N SEED | sbc-structured rw1|bym2 N SEED | calibration SHARED_DIR REPLICATIONS SEED [prior] | poststrat-phases FIT FRAME | loo-phases FIT");
return 2;

// Scratch folder of the simulated data sets (one CSV at a time, deleted after its fit).
static string CalibrationFolder() => Path.Combine(Path.GetTempPath(), $"misterp-calibration-{Environment.ProcessId}");
