#!/usr/bin/env bash
# Issue 14, spatial validation: MisterP's BYM2 fit of the shared spatial set (../shared/data/spatial, 48 contiguous
# states; AK and HI dropped as brms's reference did) against the brms reference (../shared/reference/spatial, same
# formula and priors: b normal(0, 2.5), Intercept student_t(3, 0, 2.5), sd and sdcar exponential(1), rhocar
# beta(1, 1)). brms is NOT re-run here (15+ min of CPU): its numbers are read from the reference files.
# Reports: posterior means of b_, sds and rho vs brms (|mean − ref| ≤ 4·√(mcse² + mcse_ref²) + 0.02); state RMSE
# and 90% coverage vs truth for MisterP's bym2, MisterP's own iid (1|state) on the same data in the same run, and
# brms's bym2 (0.0616); divergences, gradients per iteration, wall time, min bulk ESS per second; then all 50
# states with AK and HI as islands. Run from the repository root:
#   MISTERP_SHARED=/work/shared bash bench/spatial_vs_brms.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
out=bench/results/spatial_vs_brms.txt
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
adj="$shared/data/geo/us_state_adjacency.csv"
grep -v '^"\?\(AK\|HI\)"\?,' "$shared/data/spatial/sample.csv" > "$tmp/sample48.csv"
grep -v '^"\?\(AK\|HI\)"\?,' "$shared/data/spatial/poststrat.csv" > "$tmp/frame48.csv"
rest="(1|eth) + (1|educ) + (1|age) + (1|educ:age)"
priors=(--prior "b ~ normal(0, 2.5)" --prior "Intercept ~ student_t(3, 0, 2.5)" --prior "sd ~ exponential(1)" --prior "rhocar ~ beta(1, 1)")
iid_priors=(--prior "b ~ normal(0, 2.5)" --prior "Intercept ~ student_t(3, 0, 2.5)" --prior "sd ~ exponential(1)")
fit() { # name data formula priors...
  local name=$1 data=$2 formula=$3; shift 3
  local s e
  s=$(date +%s.%N)
  dotnet "$mrp" fit "$data" --formula "$formula" "$@" --seed 1010 --out "$tmp/$name" --quiet
  e=$(date +%s.%N)
  awk -v n="$name" -v s="$s" -v e="$e" 'BEGIN { printf "%s: whole mrp fit wall %.1f s\n", n, e - s }'
}
{
  echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  fit bym2_48 "$tmp/sample48.csv" "y ~ male + car(W, gr = state, type = \"bym2\") + $rest" --adjacency "W=$adj" "${priors[@]}"
  fit iid_48 "$tmp/sample48.csv" "y ~ male + (1|state) + $rest" "${iid_priors[@]}"
  fit bym2_50 "$shared/data/spatial/sample.csv" "y ~ male + bym2(state, adjacency = \"$adj\") + $rest" "${priors[@]}"
  fit iid_50 "$shared/data/spatial/sample.csv" "y ~ male + (1|state) + $rest" "${iid_priors[@]}"
  for f in bym2_48 iid_48; do dotnet "$mrp" poststrat "$tmp/$f" --frame "$tmp/frame48.csv" --by state --out "$tmp/$f.csv" --quiet; done
  for f in bym2_50 iid_50; do dotnet "$mrp" poststrat "$tmp/$f" --frame "$shared/data/spatial/poststrat.csv" --by state --out "$tmp/$f.csv" --quiet; done
  python3 - "$tmp" "$shared" <<'PY'
import csv, json, math, sys
tmp, shared = sys.argv[1], sys.argv[2]
ref = {r["parameter"]: r for r in csv.DictReader(open(f"{shared}/reference/spatial/brms_bym2_summary.csv"))}
truth = {r["state"]: float(r["truth"]) for r in csv.DictReader(open(f"{shared}/data/spatial/truth_state.csv"))}
alias = {"sdcar": "sd_state__Intercept", "rhocar": "rho_state"}

def summary(name):
    return {r["parameter"]: r for r in csv.DictReader(open(f"{tmp}/{name}/summary.csv"))}

def states(name, only48):
    rows = [r for r in csv.DictReader(open(f"{tmp}/{name}.csv")) if r["by"] == "state"]
    rows = [r for r in rows if not only48 or r["state"] not in ("AK", "HI")]
    err = [float(r["estimate"]) - truth[r["state"]] for r in rows]
    cover = [float(r["lower"]) <= truth[r["state"]] <= float(r["upper"]) for r in rows]
    return math.sqrt(sum(e * e for e in err) / len(err)), sum(cover) / len(cover), len(rows)

def diagnostics(name):
    m = json.load(open(f"{tmp}/{name}/model.json"))
    d, t, s = m["diagnostics"], m["timings_seconds"], m["settings"]
    rows = [o for n, o in summary(name).items() if n.startswith(("b_", "sd_", "r_", "rho_"))]
    bulk = min(float(o["ess_bulk"]) for o in rows)
    iterations = len(d["divergences"]) * 2000
    total = t["preparation"] + t["warmup"] + t["sampling"]
    return (f"divergences {sum(d['divergences'])}; max rhat {max(float(o['rhat']) for o in rows):.4f}; min bulk ESS {bulk:.0f}; "
            f"gradients per iteration (warmup + sampling) {d['gradient_evaluations'] / iterations:.1f}; "
            f"preparation+warmup+sampling {total:.1f} s; min bulk ESS/s {bulk / total:.1f}"), bulk / total

ours = summary("bym2_48")
failures = 0
print(f"{'parameter':24s} {'mean':>8s} {'brms':>8s} {'|diff|':>7s} {'allowed':>7s} {'sd':>7s} {'brms sd':>7s}")
for name, r in ref.items():
    if not name.startswith(("b_", "sd_")) and name not in alias:
        continue
    o = ours[alias.get(name, name)]
    diff = abs(float(o["mean"]) - float(r["mean"]))
    allowed = 4 * math.hypot(float(o["mcse_mean"]), float(r["mcse_mean"])) + 0.02
    ok = diff <= allowed
    failures += not ok
    print(f"{name:24s} {float(o['mean']):8.4f} {float(r['mean']):8.4f} {diff:7.4f} {allowed:7.4f} {float(o['sd']):7.4f} {float(r['sd']):7.4f} {'ok' if ok else 'FAIL'}")
print(f"parameter failures: {failures}")
for name in ("bym2_48", "iid_48", "bym2_50", "iid_50"):
    text, _ = diagnostics(name)
    print(f"{name}: {text}")
_, ess_per_s = diagnostics("bym2_48")
brms_ess_per_s = 551 / 922.5
print(f"min bulk ESS per second, bym2_48: MisterP {ess_per_s:.1f} (whole fit) vs brms {brms_ess_per_s:.2f} (sampling only, reference file) = {ess_per_s / brms_ess_per_s:.0f}x")
print(f"{'model':34s} {'states':>6s} {'RMSE':>7s} {'90% cov':>7s}")
for name, label, only48 in (("bym2_48", "MisterP bym2 (48 states)", True), ("iid_48", "MisterP (1|state) (48 states)", True),
                            ("bym2_50", "MisterP bym2, AK HI islands (50)", False), ("iid_50", "MisterP (1|state) (50 states)", False),
                            ("bym2_50", "  same fit, 48 contiguous only", True)):
    rmse, cover, n = states(name, only48)
    print(f"{label:34s} {n:6d} {rmse:7.4f} {cover:7.2f}")
print(f"{'brms bym2 (48, reference file)':34s} {48:6d} {0.0616:7.4f} {0.98:7.2f}")
print(f"{'lme4 (1|state) (50, reference)':34s} {50:6d} {0.0643:7.4f}")
b48, _, _ = states("bym2_48", True)
i48, _, _ = states("iid_48", True)
print(f"bym2 RMSE ≤ 1.05 × brms's 0.0616: {'ok' if b48 <= 1.05 * 0.0616 else 'FAIL'}; below own iid ({i48:.4f}): {'ok' if b48 < i48 else 'FAIL'}")
PY
  echo "== machine load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
