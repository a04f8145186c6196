#!/usr/bin/env bash
# Issue 17, validation 3: post-stratified state mean rating and top-2 share of the ordinal benchmark against the truth
# (../shared/data/ordinal/truth_state.csv), beside the brms and clmm references' RMSE (reference/ordinal/state_rmse.csv:
# MisterP must be ≤ 1.05 × brms's). Run from the repository root:
#   bash bench/ordinal_poststrat.sh            fits with the shipped defaults first (4 chains × 1000 + 1000)
#   bash bench/ordinal_poststrat.sh FIT_DIR    post-stratifies an existing cumulative fit of the benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
out=bench/results/ordinal_poststrat.txt
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fit=${1:-}
{
  if [[ -z "$fit" ]]; then
    fit=$tmp/fit
    dotnet "$mrp" fit "$shared/data/ordinal/sample.csv" --family cumulative --seed 1010 --out "$fit" --quiet \
      --formula "rating ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|age) + (1|male:eth) + (1|educ:age)"
  fi
  python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['settings']; print('fit:', sys.argv[1], 'chains', s['chains'], 'warmup', s['warmup'], 'draws', s['draws'], 'seed', s['seed'])" "$fit/model.json"
  s=$(date +%s.%N)
  dotnet "$mrp" poststrat "$fit" --frame "$shared/data/ordinal/poststrat.csv" --weight n --by state --by '' --top 2 --out "$tmp/est.csv" --quiet
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "mrp poststrat (12,000 cells, by state and nationally) wall %.1f s\n", e - s }'
  python3 - "$tmp/est.csv" "$shared/data/ordinal/truth_state.csv" "$shared/reference/ordinal/state_rmse.csv" <<'PY'
import csv, math, sys
est = [r for r in csv.DictReader(open(sys.argv[1]))]
truth = {r["state"]: r for r in csv.DictReader(open(sys.argv[2]))}
ref = {r["method"]: r for r in csv.DictReader(open(sys.argv[3]))}
for quantity, column, ref_column in (("mean", "mean_rating", "mean_rating_rmse"), ("top_2", "top2", "top2_rmse")):
    rows = [r for r in est if r["by"] == "state" and r["quantity"] == quantity]
    errors = [float(r["estimate"]) - float(truth[r["state"]][column]) for r in rows]
    rmse = math.sqrt(sum(e * e for e in errors) / len(errors))
    cover = sum(float(r["lower"]) <= float(truth[r["state"]][column]) <= float(r["upper"]) for r in rows) / len(rows)
    brms, clmm, raw = (float(ref[m][ref_column]) for m in ("brms", "clmm", "raw"))
    national = next(float(r["estimate"]) for r in est if r["by"] == "(all)" and r["quantity"] == quantity)
    print(f"{column}: {len(rows)} states, RMSE {rmse:.4f} (brms {brms:.4f}, ratio {rmse / brms:.3f}, {'ok' if rmse <= 1.05 * brms else 'FAIL'}; "
          f"clmm {clmm:.4f}; raw {raw:.4f}), 90% coverage {cover:.2f}; national {national:.4f} (truth {float(ref['truth']['national_' + column]):.4f})")
PY
} 2>&1 | tee "$out"
