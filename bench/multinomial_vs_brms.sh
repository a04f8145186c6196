#!/usr/bin/env bash
# Issue 17, multinomial validation: MisterP's categorical NUTS fit of the multinomial benchmark
# (../shared/data/multinomial, 5,000 rows aggregated automatically to 2,389 count cells) against the brms multinomial()
# reference (../shared/reference/multinomial, fitted with the same formula and priors: brms_priors.txt), then
# post-stratified by state against the truth.
#  - every b_ and sd_ parameter: |mean − ref| ≤ 4·√(mcse² + mcse_ref²) + 0.02 and posterior sd within 10%;
#  - state share RMSE over all 200 state × category cells ≤ 1.05 × brms's 0.0387 and below the raw sample's 0.0623;
#    90% coverage; national shares;
#  - divergences, R̂, min bulk ESS per second of the whole `mrp fit` vs brms's 0.59 ESS/s over sampling alone
#    (brms_timing.txt; brms is NOT re-run here: it takes ~27 min of both cores).
# 4 chains × 1000 + 1000, shipped sampler defaults. Run from the repository root:
#   MISTERP_SHARED=/work/shared bash bench/multinomial_vs_brms.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
out=bench/results/multinomial_vs_brms.txt
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
formula="choice ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|age)"
{
  echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  s=$(date +%s.%N)
  # brms's b prior is normal(0, 2.5) unscaled; the intercepts' student_t(3, 0, 2.5) and the sds' exponential(1) are
  # MisterP's categorical defaults (= the reference's).
  dotnet "$mrp" fit "$shared/data/multinomial/sample.csv" --family categorical --formula "$formula" \
    --prior "b ~ normal(0, 2.5)" --seed 1010 --out "$tmp/fit" --quiet
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "misterp nuts (whole mrp fit) wall %.1f s\n", e - s }'
  s=$(date +%s.%N)
  dotnet "$mrp" poststrat "$tmp/fit" --frame "$shared/data/multinomial/poststrat.csv" --by state --by "" --out "$tmp/est.csv" --quiet
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "misterp poststrat (12,000 cells x 4,000 draws x 4 categories) wall %.1f s\n", e - s }'
  python3 - "$tmp/fit" "$tmp/est.csv" "$shared" <<'PY'
import csv, json, math, sys
fit, est, shared = sys.argv[1], sys.argv[2], sys.argv[3]
ours = {r["parameter"]: r for r in csv.DictReader(open(f"{fit}/summary.csv"))}
ref = {r["parameter"]: r for r in csv.DictReader(open(f"{shared}/reference/multinomial/brms_summary.csv"))}
model = json.load(open(f"{fit}/model.json"))
diag, timings = model["diagnostics"], model["timings_seconds"]
failures = 0
print(f"{'parameter':28s} {'mean':>8s} {'brms':>8s} {'|diff|':>7s} {'allowed':>7s} {'sd':>7s} {'brms sd':>7s} {'sd ratio':>8s}")
for name, r in ref.items():
    if not name.startswith(("b_", "sd_")):
        continue
    o = ours[name]
    diff = abs(float(o["mean"]) - float(r["mean"]))
    allowed = 4 * math.hypot(float(o["mcse_mean"]), float(r["mcse_mean"])) + 0.02
    ratio = float(o["sd"]) / float(r["sd"])
    ok = diff <= allowed and abs(ratio - 1) <= 0.10
    failures += not ok
    print(f"{name:28s} {float(o['mean']):8.4f} {float(r['mean']):8.4f} {diff:7.4f} {allowed:7.4f} {float(o['sd']):7.4f} {float(r['sd']):7.4f} {ratio:8.3f} {'ok' if ok else 'FAIL'}")
rows = [o for n, o in ours.items() if n.startswith(("b_", "sd_", "r_"))]
min_bulk = min(float(o["ess_bulk"]) for o in rows)
total = timings["preparation"] + timings["warmup"] + timings["sampling"]
print(f"parameters failing {failures} of {sum(1 for n in ref if n.startswith(('b_', 'sd_')))}; divergences {sum(diag['divergences'])}; "
      f"max rhat {max(float(o['rhat']) for o in rows):.4f}; min bulk ESS {min_bulk:.0f}; gradients {diag['gradient_evaluations']}; "
      f"step sizes {' '.join(f'{s:.4f}' for s in diag['step_size'])}; preparation+warmup+sampling {total:.1f} s; "
      f"min bulk ESS/s {min_bulk / total:.1f} (brms: 0.59 over sampling only, {min_bulk / total / 0.59:.0f}x)")

truth = {r["state"]: r for r in csv.DictReader(open(f"{shared}/data/multinomial/truth_state.csv"))}
national = next(csv.DictReader(open(f"{shared}/data/multinomial/truth_national.csv")))
cats = ["A", "B", "C", "D"]
errors, covered = {c: [] for c in cats}, {c: [] for c in cats}
nat = {}
for r in csv.DictReader(open(est)):
    if r["quantity"] != "share":
        continue
    c = r["category"]
    if r["by"] == "state":
        t = float(truth[r["state"]][f"p{c}"])
        errors[c].append(float(r["estimate"]) - t)
        covered[c].append(float(r["lower"]) <= t <= float(r["upper"]))
    else:
        nat[c] = float(r["estimate"])
rmse = lambda xs: math.sqrt(sum(x * x for x in xs) / len(xs))
every = [x for c in cats for x in errors[c]]
cover = [x for c in cats for x in covered[c]]
print("state rmse pA..pD " + " ".join(f"{rmse(errors[c]):.4f}" for c in cats) + f"; all {len(every)} = {rmse(every):.4f} "
      f"(brms 0.0387, limit 1.05x = {1.05 * 0.0387:.4f}; raw 0.0623) {'ok' if rmse(every) <= 1.05 * 0.0387 and rmse(every) < 0.0623 else 'FAIL'}")
print("state 90% coverage pA..pD " + " ".join(f"{sum(covered[c]) / len(covered[c]):.2f}" for c in cats) + f"; all = {sum(cover) / len(cover):.3f} (brms 0.810)")
print("national pA..pD " + " ".join(f"{nat[c]:.4f}" for c in cats) + " (truth " + " ".join(f"{float(national['p' + c]):.4f}" for c in cats) + "; brms 0.2693 0.3700 0.1203 0.2404)")
PY
  echo "== machine load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
