#!/usr/bin/env bash
# Issue 16, the in-process `--method ml` target (≥ 10× faster than lme4's glmer call), side by side in one run: the seed
# talk's model fitted RUNS times in one .NET process (`bench ml-inprocess`: Mrp.Fit with the data read inside the call)
# and RUNS times in one R session (`system.time(glmer(...))`, lme4 loaded and the data frame read before the clock
# starts, bobyqa as in fixed_costs.sh). The first call of each carries its one-time costs (.NET: JIT and the engine's
# start-up; R: lazy loading), the later calls are what a session fitting many models pays.
# Needs R with lme4 (apt-get install -y r-base-core r-cran-lme4).
#   MISTERP_SHARED=/work/shared bash bench/ml_inprocess.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench/ml_inprocess.sh: RUNS must be a positive whole number (got '$runs')" >&2; exit 2; }
command -v Rscript >/dev/null || { apt-get update && apt-get install -y r-base-core r-cran-lme4; }
dotnet build -c Release bench/MisterP.Bench >/dev/null
sample=$shared/data/cces2018/sample_biased5000_seed1010.csv
formula="abortion ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
out=bench/results/ml_inprocess.txt
mkdir -p bench/results
{
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; MisterP $(git rev-parse --short HEAD)"
  echo "(1) MisterP: Mrp.Fit(--method ml), $runs calls in one process"
  dotnet bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll ml-inprocess "$sample" "$formula" "$runs"
  echo "(2) lme4: glmer, $runs calls in one R session"
  Rscript -e "suppressMessages(library(lme4)); d <- read.csv('$sample', stringsAsFactors = FALSE)
    for (i in seq_len($runs)) { t <- system.time(m <- glmer($formula, data = d, family = binomial,
      control = glmerControl(optimizer = 'bobyqa')))
      cat(sprintf('glmer run %d: %.1f ms elapsed, %.0f ms CPU (logLik %.6f)\n', i, 1000 * t[['elapsed']],
        1000 * (t[['user.self']] + t[['sys.self']]), as.numeric(logLik(m)))) }"
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
