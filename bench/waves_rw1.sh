#!/usr/bin/env bash
# Issue 14, waves validation (the structured terms only; the waves demo and plots are another issue's): on
# ../shared/data/waves (24 monthly waves, an event dip in months 15-18), MisterP's iid model — the lme4 reference's
# formula, satisfied ~ (1|plan) + (1|region) + (1|size) + (1|tenure) + (1|month) + (1|plan:month) — against the same
# with rw1(month) and with rw1(month) + rw2(tenure) (tenure's bands ordered by --levels), same data, same seed, same
# run. Per-month and per-month × plan RMSE of the post-stratified estimates vs truth, the event months 15-18
# separately, 90% coverage; lme4's reference RMSEs (0.0280, 0.0287) from ../shared/reference/waves (not re-run). Then a
# nowcast: the rw1 model fitted to months 1-23 only, with the frame's month 24 added by --frame, post-stratified
# for month 24, which has no respondents in that fit (extrapolated = true).
#   MISTERP_SHARED=/work/shared bash bench/waves_rw1.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
out=bench/results/waves_rw1.txt
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
w="$shared/data/waves"
tenure="tenure=0-3m,3-6m,6-12m,1-2y,2-3y,3-4y,4-5y,5y+"
base="(1|plan) + (1|region) + (1|size) + (1|plan:month)"
grep -v '^"2025-12"' "$w/sample.csv" > "$tmp/sample23.csv"
{
  echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  for spec in "iid;satisfied ~ $base + (1|tenure) + (1|month);$w/sample.csv" \
              "rw1;satisfied ~ $base + (1|tenure) + rw1(month);$w/sample.csv" \
              "rw1rw2;satisfied ~ $base + rw2(tenure) + rw1(month);$w/sample.csv" \
              "nowcast;satisfied ~ $base + (1|tenure) + rw1(month);$tmp/sample23.csv"; do
    IFS=';' read -r name formula data <<<"$spec"
    s=$(date +%s.%N)
    dotnet "$mrp" fit "$data" --formula "$formula" --levels "$tenure" --frame "$w/frame.csv" --seed 1010 --out "$tmp/$name" --quiet
    e=$(date +%s.%N)
    awk -v n="$name" -v s="$s" -v e="$e" 'BEGIN { printf "%s: whole mrp fit wall %.1f s\n", n, e - s }'
    dotnet "$mrp" poststrat "$tmp/$name" --frame "$w/frame.csv" --by month --by month,plan --out "$tmp/$name.csv" --quiet --allow-new-levels
  done
  python3 - "$tmp" "$w" <<'PY'
import csv, json, math, sys
tmp, w = sys.argv[1], sys.argv[2]
tm = {r["month"]: float(r["truth"]) for r in csv.DictReader(open(f"{w}/truth_month.csv"))}
tmp_ = {(r["month"], r["plan"]): float(r["truth"]) for r in csv.DictReader(open(f"{w}/truth_month_plan.csv"))}
event = {f"2025-{m:02d}" for m in (3, 4, 5, 6)}  # waves 15-18
def rows(name, by):
    return [r for r in csv.DictReader(open(f"{tmp}/{name}.csv")) if r["by"] == by]
def rmse(pairs):
    return math.sqrt(sum((a - b) ** 2 for a, b in pairs) / len(pairs))
print(f"{'model':8s} {'month RMSE':>10s} {'event':>7s} {'other':>7s} {'cov90':>6s} {'month×plan':>10s} {'div':>4s} {'rhat':>6s} {'minESS':>6s}")
for name in ("iid", "rw1", "rw1rw2"):
    m = rows(name, "month")
    mp = rows(name, "month,plan")
    pm = [(float(r["estimate"]), tm[r["month"]]) for r in m]
    ev = [(float(r["estimate"]), tm[r["month"]]) for r in m if r["month"] in event]
    ot = [(float(r["estimate"]), tm[r["month"]]) for r in m if r["month"] not in event]
    cov = sum(float(r["lower"]) <= tm[r["month"]] <= float(r["upper"]) for r in m) / len(m)
    pp = [(float(r["estimate"]), tmp_[(r["month"], r["plan"])]) for r in mp]
    d = json.load(open(f"{tmp}/{name}/model.json"))["diagnostics"]
    print(f"{name:8s} {rmse(pm):10.4f} {rmse(ev):7.4f} {rmse(ot):7.4f} {cov:6.2f} {rmse(pp):10.4f} {sum(d['divergences']):4d} {d['max_rhat']:6.3f} {d['min_ess_bulk']:6.0f}")
print("lme4 (reference file): month RMSE 0.0280 (event 0.0413, other 0.0245), month×plan 0.0287")
for name in ("iid", "rw1"):
    m = {r["month"]: r for r in rows(name, "month")}
    print(name + " event months: " + "; ".join(f"{k} {float(m[k]['estimate']):.3f} [{float(m[k]['lower']):.3f}, {float(m[k]['upper']):.3f}] truth {tm[k]:.3f}" for k in sorted(event)))
now = {r["month"]: r for r in rows("nowcast", "month")}["2025-12"]
print(f"nowcast of 2025-12 (fit on months 1-23): {float(now['estimate']):.3f} [{float(now['lower']):.3f}, {float(now['upper']):.3f}] truth {tm['2025-12']:.3f}; extrapolated={now.get('extrapolated')}")
PY
  echo "== machine load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
