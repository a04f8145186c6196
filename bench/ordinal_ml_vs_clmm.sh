#!/usr/bin/env bash
# Issue 17: `mrp fit --family cumulative --method ml` against R's ordinal::clmm on the shared ordinal set, whole
# processes timed side by side in one run (R start-up and package loading included, as .NET start-up is for mrp).
# Three fits: clmm from its default start, mrp from its default start, and clmm started at mrp's optimum (to show
# which maximum each reached: the surface has two). Run from the repository root:
#   MISTERP_SHARED=/work/shared bash bench/ordinal_ml_vs_clmm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
out=bench/results/ordinal_ml_vs_clmm.txt
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=$shared/data/ordinal/sample.csv
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.1f", e - s }'; }
{
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  t_clmm=$(seconds Rscript bench/ordinal_ml_vs_clmm.R "$data" "$tmp/clmm.csv")
  t_mrp=$(seconds dotnet "$mrp" fit "$data" --family cumulative --method ml --out "$tmp/fit" --quiet \
    --formula "rating ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|age) + (1|male:eth) + (1|educ:age)")
  t_best=$(seconds Rscript bench/ordinal_ml_vs_clmm.R "$data" "$tmp/clmm_best.csv" "$tmp/fit/summary.csv")
  echo "whole-process wall: clmm ${t_clmm} s, mrp ${t_mrp} s, clmm started at mrp's optimum ${t_best} s"
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  cp "$tmp/clmm_best.csv" bench/results/ordinal_clmm_from_mrp_optimum.csv
  python3 - "$tmp/fit" "$tmp/clmm.csv" "$tmp/clmm_best.csv" <<'PY'
import csv, json, sys
fit = {r["parameter"]: r for r in csv.DictReader(open(sys.argv[1] + "/summary.csv"))}
ll = json.load(open(sys.argv[1] + "/model.json"))
def find(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "log_likelihood": return v
            r = find(v)
            if r is not None: return r
    return None
mrp_ll = find(ll)
clmm = {r["parameter"]: r for r in csv.DictReader(open(sys.argv[2]))}
best = {r["parameter"]: r for r in csv.DictReader(open(sys.argv[3]))}
print(f"logLik: mrp {mrp_ll:.6f}; clmm {float(clmm['logLik']['estimate']):.6f} (max grad {float(clmm['max_grad']['estimate']):.2g}); "
      f"clmm from mrp's optimum {float(best['logLik']['estimate']):.6f} (max grad {float(best['max_grad']['estimate']):.2g})")
print(f"{'parameter':24} {'mrp':>10} {'se':>8} | {'clmm':>10} {'se':>8} | {'clmm@mrp':>10} {'se':>8}  within max(2e-3, 0.01 SE) / 0.01 of clmm@mrp")
for name, r in fit.items():
    e, se = float(r["estimate"]), r["std_error"]
    c, b = clmm[name], best[name]
    tol = 0.01 if name.startswith("sd_") else max(2e-3, 0.01 * float(b["std_error"]))
    ok = abs(e - float(b["estimate"])) <= tol
    fmt = lambda x: f"{float(x):8.4f}" if x not in ("", "NA") else "      NA"
    print(f"{name:24} {e:10.4f} {fmt(se)} | {float(c['estimate']):10.4f} {fmt(c['std_error'])} | {float(b['estimate']):10.4f} {fmt(b['std_error'])}  {'ok' if ok else 'FAIL'}")
PY
} 2>&1 | tee "$out"
