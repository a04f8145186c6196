#!/usr/bin/env bash
# Leave-one-state-out cross-validation on the biased CCES sample: the seed talk's model against the same model without
# the state-level predictor repvote, each refitted 50 times (one fold per state) with the shipped sampler defaults
# (4 chains x 1000 warmup + 1000 draws), then loo_compare's elpd_diff and se_diff; the PSIS-LOO comparison of the same
# two fits alongside, and the stack of the two post-stratified. Wall time of each model's 50 refits is printed with the machine's load. Run from the repository root:
#   MISTERP_SHARED=/work/shared bash bench/kfold_cces.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
dotnet build -c Release src/MisterP.Cli >/dev/null
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
sample=$shared/data/cces2018/sample_biased5000_seed1010.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p bench/results
out=bench/results/kfold_cces.txt
rest="(1|state) + (1|eth) + (1|educ) + male + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
{
  echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  dotnet "$mrp" fit "$sample" --formula "abortion ~ repvote + $rest" --out "$tmp/seed" --seed 1010 --quiet >/dev/null
  dotnet "$mrp" fit "$sample" --formula "abortion ~ $rest" --out "$tmp/norep" --seed 1010 --quiet >/dev/null
  echo "== mrp loo seed norep"
  dotnet "$mrp" loo "$tmp/seed" "$tmp/norep" | tail -8
  echo "== mrp kfold seed norep --by state (leave-one-state-out, 50 refits each)"
  s=$(date +%s.%N)
  dotnet "$mrp" kfold "$tmp/seed" "$tmp/norep" --by state 2>/dev/null
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "whole kfold command (100 refits) wall %.1f s\n", e - s }'
  echo "== mrp poststrat seed norep --stack (weights from mrp loo --out), national estimate: stack, then each fit alone"
  dotnet "$mrp" loo "$tmp/seed" "$tmp/norep" --out "$tmp/loo.csv" >/dev/null
  frame=(--frame "$shared/data/cces2018/poststrat_df.csv" --join "$shared/data/cces2018/statelevel_predictors.csv" --on state --by '' --quiet)
  dotnet "$mrp" poststrat "$tmp/seed" "$tmp/norep" --stack --weights "$tmp/loo.csv" "${frame[@]}" --out "$tmp/stack.csv" && tail -1 "$tmp/stack.csv"
  for m in seed norep; do dotnet "$mrp" poststrat "$tmp/$m" "${frame[@]}" --out "$tmp/$m.csv" && tail -1 "$tmp/$m.csv"; done
  echo "== machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
} 2>&1 | tee "$out"
