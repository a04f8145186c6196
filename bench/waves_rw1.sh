#!/usr/bin/env bash
# Issue 14, waves validation: on ../shared/data/waves (24 monthly waves, 5,973 opt-out respondents, an event dip in
# months 15-18, exact truths per month and per month x plan), MisterP's iid model — the lme4 reference's formula,
# satisfied ~ (1|plan) + (1|region) + (1|size) + (1|plan:month) + (1|tenure) + (1|month) — against the structured
# variants, same data, same seed, same run, every fit with --frame frame.csv (so the walks' levels include the frame's):
#   rw1      (1|month) -> rw1(month)
#   rw1by    rw1(month) + rw1(month, by = plan), the iid (1|plan:month) kept beside the per-plan walks
#   rw2      (1|tenure) -> tenure_rank + rw2(tenure) (bands ordered by --levels), month iid. rw2 is constrained to no
#            linear trend over the bands (README: the trend is a fixed effect), so the bench adds tenure_rank (1..8 in
#            band order, a column it writes into copies of sample and frame) for it; rw2nt is rw2(tenure) without it
#   full     tenure_rank + rw2(tenure) + rw1(month) + rw1(month, by = plan) + (1|plan:month)
# Per-month and per-month x plan RMSE of the post-stratified estimates vs truth, the event months 15-18 separately,
# 90% coverage (and for the event months: is each truth inside its interval), the dip (mean of months 15-17 minus
# months 12-14); lme4's reference (0.0280, 0.0287) from ../shared/reference/waves (not re-run). Then the nowcast: the
# iid, rw1 and rw1by models fitted to months 1-23 only, the frame's month 24 (2025-12) brought in by --frame,
# post-stratified for 2025-12, which has no respondents in those fits (extrapolated = true for the structured ones;
# a new level, drawn from the months' distribution, for the iid one). Accuracy only: the machine is shared, so no timings.
#   MISTERP_SHARED=/work/shared nice -n 10 bash bench/waves_rw1.sh
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
size="size=001-010,011-050,051-200,201-999,1000+"
base="(1|plan) + (1|region) + (1|size) + (1|plan:month)"
# tenure_rank: the band's position in the order above, as a numeric column (the linear trend rw2 leaves out).
python3 - "$w" "$tmp" "${tenure#tenure=}" <<'PY'
import csv, sys
w, tmp, bands = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
for name in ("sample", "frame"):
    with open(f"{w}/{name}.csv") as f, open(f"{tmp}/{name}.csv", "w", newline="") as g:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(g, reader.fieldnames + ["tenure_rank"])
        writer.writeheader()
        for r in reader:
            writer.writerow({**r, "tenure_rank": bands.index(r["tenure"]) + 1})
PY
grep -v '^2025-12,' "$tmp/sample.csv" > "$tmp/sample23.csv"
frame="$tmp/frame.csv"
{
  echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start (shared: no timings)"
  for spec in "iid;satisfied ~ $base + (1|tenure) + (1|month);$tmp/sample.csv" \
              "rw1;satisfied ~ $base + (1|tenure) + rw1(month);$tmp/sample.csv" \
              "rw1by;satisfied ~ $base + (1|tenure) + rw1(month) + rw1(month, by = plan);$tmp/sample.csv" \
              "rw2;satisfied ~ tenure_rank + $base + rw2(tenure) + (1|month);$tmp/sample.csv" \
              "rw2nt;satisfied ~ $base + rw2(tenure) + (1|month);$tmp/sample.csv" \
              "full;satisfied ~ tenure_rank + $base + rw2(tenure) + rw1(month) + rw1(month, by = plan);$tmp/sample.csv" \
              "now_iid;satisfied ~ $base + (1|tenure) + (1|month);$tmp/sample23.csv" \
              "now_rw1;satisfied ~ $base + (1|tenure) + rw1(month);$tmp/sample23.csv" \
              "now_rw1by;satisfied ~ $base + (1|tenure) + rw1(month) + rw1(month, by = plan);$tmp/sample23.csv"; do
    IFS=';' read -r name formula data <<<"$spec"
    echo "$name: $formula"
    dotnet "$mrp" fit "$data" --formula "$formula" --levels "$tenure" --levels "$size" --frame "$frame" --seed 1010 --out "$tmp/$name" --quiet
    dotnet "$mrp" poststrat "$tmp/$name" --frame "$frame" --weight n --by month --by month,plan --out "$tmp/$name.csv" --quiet --allow-new-levels
  done
  python3 - "$tmp" "$w" <<'PY'
import csv, json, math, sys
tmp, w = sys.argv[1], sys.argv[2]
tm = {r["month"]: float(r["truth"]) for r in csv.DictReader(open(f"{w}/truth_month.csv"))}
tmp_ = {(r["month"], r["plan"]): float(r["truth"]) for r in csv.DictReader(open(f"{w}/truth_month_plan.csv"))}
wave = {r["month"]: int(r["wave"]) for r in csv.DictReader(open(f"{w}/truth_month.csv"))}
event = {m for m, t in wave.items() if 15 <= t <= 18}
plans = ("Free", "Starter", "Pro", "Enterprise")
def rows(name, by):
    return [r for r in csv.DictReader(open(f"{tmp}/{name}.csv")) if r["by"] == by]
def rmse(pairs):
    return math.sqrt(sum((a - b) ** 2 for a, b in pairs) / len(pairs))
def inside(r, t):
    return float(r["lower"]) <= t <= float(r["upper"])
def drop(values):
    by = {wave[m]: v for m, v in values.items()}
    return sum(by[t] for t in (15, 16, 17)) / 3 - sum(by[t] for t in (12, 13, 14)) / 3
models = ("iid", "rw1", "rw1by", "rw2", "rw2nt", "full")
print()
print("per month (24) and per month x plan (96); event = months 15-18 (2025-03 .. 2025-06); cov = 90% interval coverage")
print(f"{'model':6s} {'month':>7s} {'event':>7s} {'other':>7s} {'cov':>5s} {'ev in':>5s} | {'m x p':>7s} {'event':>7s} {'other':>7s} {'cov':>5s} {'ev in':>6s} | "
      f"{'dip':>7s} {'div':>4s} {'rhat':>6s} {'minESS':>6s}")
for name in models:
    m = rows(name, "month")
    mp = rows(name, "month,plan")
    tmk = lambda r: tm[r["month"]]
    tpk = lambda r: tmp_[(r["month"], r["plan"])]
    def part(rs, truth, keep):
        return rmse([(float(r["estimate"]), truth(r)) for r in rs if keep(r)])
    ev = lambda r: r["month"] in event
    d = json.load(open(f"{tmp}/{name}/model.json"))["diagnostics"]
    print(f"{name:6s} {part(m, tmk, lambda r: True):7.4f} {part(m, tmk, ev):7.4f} {part(m, tmk, lambda r: not ev(r)):7.4f} "
          f"{sum(inside(r, tmk(r)) for r in m) / len(m):5.2f} {sum(inside(r, tmk(r)) for r in m if ev(r)):3d}/4 | "
          f"{part(mp, tpk, lambda r: True):7.4f} {part(mp, tpk, ev):7.4f} {part(mp, tpk, lambda r: not ev(r)):7.4f} "
          f"{sum(inside(r, tpk(r)) for r in mp) / len(mp):5.2f} {sum(inside(r, tpk(r)) for r in mp if ev(r)):3d}/16 | "
          f"{drop({r['month']: float(r['estimate']) for r in m}):7.4f} {sum(d['divergences']):4d} {d['max_rhat']:6.3f} {d['min_ess_bulk']:6.0f}")
print(f"{'truth':6s} {'':>7s} {'':>7s} {'':>7s} {'':>5s} {'':>5s}   {'':>7s} {'':>7s} {'':>7s} {'':>5s} {'':>6s}   {drop(tm):7.4f}")
print("lme4 (reference file, not re-run): month RMSE 0.0280 (event 0.0413, other 0.0245), month x plan 0.0287; dip -0.1210")
print()
print("per month x plan RMSE by plan:")
for name in models:
    mp = rows(name, "month,plan")
    print(f"  {name:6s} " + ", ".join(f"{p} {rmse([(float(r['estimate']), tmp_[(r['month'], p)]) for r in mp if r['plan'] == p]):.4f}" for p in plans))
print("  lme4   Free 0.0316, Starter 0.0293, Pro 0.0288, Enterprise 0.0245")
print()
for name in ("iid", "rw1by", "full"):
    m = {r["month"]: r for r in rows(name, "month")}
    print(f"{name} event months: " + "; ".join(f"{k} {float(m[k]['estimate']):.3f} [{float(m[k]['lower']):.3f}, {float(m[k]['upper']):.3f}] truth {tm[k]:.3f}" for k in sorted(event)))
print()
print("nowcast of 2025-12 (fit on months 1-23, the month brought in by --frame):")
for name in ("now_iid", "now_rw1", "now_rw1by"):
    now = {r["month"]: r for r in rows(name, "month")}["2025-12"]
    last = {r["month"]: r for r in rows(name, "month")}["2025-11"]
    plan_rows = [r for r in rows(name, "month,plan") if r["month"] == "2025-12"]
    print(f"  {name:9s} {float(now['estimate']):.3f} [{float(now['lower']):.3f}, {float(now['upper']):.3f}] truth {tm['2025-12']:.3f} "
          f"(width {float(now['upper']) - float(now['lower']):.3f}; 2025-11 width {float(last['upper']) - float(last['lower']):.3f}); extrapolated={now.get('extrapolated', 'n/a')}; "
          f"per plan RMSE {rmse([(float(r['estimate']), tmp_[('2025-12', r['plan'])]) for r in plan_rows]):.4f}, "
          f"inside {sum(inside(r, tmp_[('2025-12', r['plan'])]) for r in plan_rows)}/4")
PY
  echo "== machine load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
