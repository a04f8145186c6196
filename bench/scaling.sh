#!/usr/bin/env bash
# How fit time grows with the data: the seed talk's model on the first N rows of the full CCES 2018 survey
# (59,810 rows; state predictors joined), N = 5k … all, and on the biased 5,000-row sample. For each: rows, cells,
# µs per gradient (bench gradient mode, CPU time, fastest of three) and the wall time of the whole `mrp fit` command with the shipped
# defaults (4 chains × 1000 warmup + 1000 draws on the machine's cores), with its min bulk ESS and divergences.
# Run from the repository root:  bash bench/scaling.sh   (results/scaling.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}  # the shared data folder (override when the checkout is elsewhere)
full=$shared/data/cces2018/cces18_all_clean.csv
states=$shared/data/cces2018/statelevel_predictors.csv
dotnet build -c Release bench/MisterP.Bench >/dev/null
dotnet build -c Release src/MisterP.Cli >/dev/null
bench=bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
formula="abortion ~ (1|state) + (1|eth) + (1|educ) + male + repvote + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=bench/results/scaling.txt
mkdir -p bench/results
run() {
  local label=$1 data=$2; shift 2
  local gradient s e
  # Fastest of three runs: on a shared machine the others mostly measure the neighbours.
  gradient=$(for _ in 1 2 3; do dotnet "$bench" gradient "$shared" 20000 "$data" | sed -E 's/.*, ([0-9.]+) µs \(CPU\).*/\1/'; done | sort -g | head -1)
  s=$(date +%s.%N)
  dotnet "$mrp" fit "$data" "$@" --formula "$formula" --out "$tmp/fit" --overwrite --quiet >/dev/null 2>&1
  e=$(date +%s.%N)
  python3 - "$label" "$gradient" "$s" "$e" "$tmp/fit" <<'PY'
import csv, json, sys
label, gradient, s, e, fit = sys.argv[1:]
model = json.load(open(f"{fit}/model.json"))
rows = list(csv.DictReader(open(f"{fit}/summary.csv")))
kept = [r for r in rows if r["parameter"].startswith(("b_", "sd_", "r_"))]
bulk = min(float(r["ess_bulk"]) for r in kept)
tail = min(float(r["ess_tail"]) for r in kept)
data, diag = model["data"], model["diagnostics"]
rhat = max(float(r["rhat"]) for r in kept)
print(f"{label} | {data['rows_used']} | {data['cells']} | {float(gradient):.1f} | {float(e) - float(s):.1f} | {diag['gradient_evaluations']} | {bulk:.0f} / {tail:.0f} | {rhat:.4f} | {sum(diag['divergences'])}")
PY
}
{
  echo "== load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "data | rows | cells | µs per gradient (CPU) | mrp fit wall (s) | gradients | min bulk / tail ESS | max R̂ | divergences"
  run "biased sample" "$shared/data/cces2018/sample_biased5000_seed1010.csv"
  for n in 5000 10000 20000 40000 59810; do
    head -n $((n + 1)) "$full" > "$tmp/first$n.csv"
    run "first $n" "$tmp/first$n.csv" --join "$states" --on state
  done
  echo "== load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
