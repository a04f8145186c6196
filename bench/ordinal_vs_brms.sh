#!/usr/bin/env bash
# Issue 17, validation 1: MisterP's cumulative-logit NUTS fit of the ordinal benchmark against the brms reference
# (../shared/reference/ordinal/brms_summary.csv, fitted with the same formula and priors: brms_priors.txt). For every
# threshold, b_ and sd_ parameter: |mean − ref| ≤ 4·√(mcse² + mcse_ref²) + 0.02 and posterior sd within 10%.
# The whole `mrp fit` is timed (4 chains × 1000 + 1000, shipped sampler defaults). Run from the repository root:
#   bash bench/ordinal_vs_brms.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
out=bench/results/ordinal_vs_brms.txt
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
formula="rating ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|age) + (1|male:eth) + (1|educ:age)"
{
  echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  s=$(date +%s.%N)
  # brms's b prior is normal(0, 2.5) unscaled; thresholds and sds are MisterP's defaults (= brms's).
  dotnet "$mrp" fit "$shared/data/ordinal/sample.csv" --family cumulative --formula "$formula" \
    --prior "b ~ normal(0, 2.5)" --seed 1010 --out "$tmp/fit" --quiet
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "misterp nuts (whole mrp fit) wall %.1f s\n", e - s }'
  python3 - "$tmp/fit" "$shared/reference/ordinal/brms_summary.csv" <<'PY'
import csv, json, math, sys
fit, ref_path = sys.argv[1], sys.argv[2]
ours = {r["parameter"]: r for r in csv.DictReader(open(f"{fit}/summary.csv"))}
ref = {r["parameter"]: r for r in csv.DictReader(open(ref_path))}
diag = json.load(open(f"{fit}/model.json"))["diagnostics"]
timings = json.load(open(f"{fit}/model.json"))["timings_seconds"]
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
print(f"failures {failures}; divergences {sum(diag['divergences'])}; max rhat {max(float(o['rhat']) for o in rows):.4f}; "
      f"min bulk ESS {min_bulk:.0f}; gradients {diag['gradient_evaluations']}; step sizes {' '.join(f'{s:.4f}' for s in diag['step_size'])}; "
      f"preparation+warmup+sampling {total:.1f} s; min bulk ESS/s {min_bulk / total:.1f} (brms: 0.91 over sampling only)")
PY
  echo "== machine load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
