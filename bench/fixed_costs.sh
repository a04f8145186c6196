#!/usr/bin/env bash
# Issue 16, fixed costs and whole-process targets, side by side in one run. For each figure the wall time and the CPU
# time (user + sys) of the whole process: on a shared machine the wall time mostly measures the neighbours (the load
# average is printed), while CPU time measures the work.
#   (a) `mrp poststrat` of the 12,000-cell ACS frame × 4,000 draws by state, 5 runs each: the plain build
#       (`dotnet build`, JIT), the same code published ReadyToRun (`dotnet publish -r linux-x64`), and BASE (another
#       build's mrp.dll, e.g. main's) when given;
#   (b) `mrp fit --method ml` of the seed talk's model, 5 runs each of the same builds, beside lme4's glmer on the same
#       data and formula: the whole Rscript process and the glmer call alone (system.time), 5 runs;
#   (c) the seed talk's model, whole `mrp fit` with the shipped defaults (--adapt fast --warmup auto), seeds 1–5:
#       wall and CPU time, min bulk ESS, max R̂, divergences, warmup used and gradients (from model.json).
# Run from the repository root: MISTERP_SHARED=/work/shared bash bench/fixed_costs.sh [BASE_MRP_DLL]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
base=${1:-}
command -v /usr/bin/time >/dev/null || { apt-get update && apt-get install -y time; }
dotnet build -c Release src/MisterP.Cli >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dotnet publish src/MisterP.Cli -c Release -r linux-x64 --self-contained false -o "$tmp/r2r" >/dev/null
declare -A builds=([build]=src/MisterP.Cli/bin/Release/net10.0/mrp.dll [r2r]=$tmp/r2r/mrp.dll)
[ -n "$base" ] && builds[base]=$base
sample=$shared/data/cces2018/sample_biased5000_seed1010.csv
formula="abortion ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
acs="duckdb:?query=SELECT p.*, s.repvote FROM read_csv('$shared/data/cces2018/poststrat_df.csv') p JOIN read_csv('$shared/data/cces2018/statelevel_predictors.csv') s USING (state)"
timed() { local label=$1; shift; /usr/bin/time -f "$label: %e s wall, %U+%S s CPU" "$@" 2>&1 >/dev/null | tail -1; }
out=bench/results/fixed_costs.txt
mkdir -p bench/results
{
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
  dotnet "${builds[build]}" fit "$sample" --formula "$formula" --out "$tmp/fit" --seed 1 --quiet
  echo "(a) mrp poststrat, 12,000 ACS cells × 4,000 draws, by state (runs interleaved)"
  for i in 1 2 3 4 5; do
    for b in "${!builds[@]}"; do
      timed "  $b run $i" dotnet "${builds[$b]}" poststrat "$tmp/fit" --frame "$acs" --weight n --by state --out "$tmp/est_$b.csv" --quiet --overwrite
    done
  done
  echo "(b) --method ml, whole process, against lme4 glmer (runs interleaved)"
  for i in 1 2 3 4 5; do
    for b in "${!builds[@]}"; do
      timed "  mrp ml $b run $i" dotnet "${builds[$b]}" fit "$sample" --formula "$formula" --method ml --out "$tmp/ml_$b" --quiet --overwrite
    done
    timed "  Rscript glmer (whole process) run $i" Rscript -e "suppressMessages(library(lme4)); d <- read.csv('$sample', stringsAsFactors = FALSE);
      t <- system.time(m <- glmer($formula, data = d, family = binomial, control = glmerControl(optimizer = 'bobyqa'))); write(sprintf('%.3f', t[['elapsed']]), '$tmp/glmer_$i.txt')"
    echo "    glmer call alone: $(cat "$tmp/glmer_$i.txt") s (elapsed)"
  done
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "(c) whole mrp fit, shipped defaults, seeds 1-5"
  for seed in 1 2 3 4 5; do
    timed "  seed $seed" dotnet "${builds[build]}" fit "$sample" --formula "$formula" --out "$tmp/fit_$seed" --seed "$seed" --quiet
    python3 - "$tmp/fit_$seed" <<'PY'
import csv, json, sys
fit = sys.argv[1]
rows = [r for r in csv.DictReader(open(f"{fit}/summary.csv")) if r["parameter"].startswith(("b_", "sd_", "r_"))]
m = json.load(open(f"{fit}/model.json"))
d = m["diagnostics"]
print(f"    min bulk ESS {min(float(r['ess_bulk']) for r in rows):.0f}, max rhat {max(float(r['rhat']) for r in rows):.4f}, "
      f"divergences {sum(d['divergences'])}, warmup used {d['warmup_used']}, gradients {d['gradient_evaluations']}")
PY
  done
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
