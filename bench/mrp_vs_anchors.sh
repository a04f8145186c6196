#!/usr/bin/env bash
# Side by side in one run: the seed talk's MRP model on the biased CCES sample fitted by MisterP (the whole `mrp fit`
# command with the shipped defaults, then `--method ml`) and by the anchors (rstanarm stan_glmer at adapt_delta 0.99,
# lme4 glmer) through ../shared/anchors/reference_fits.R. Run from the repository root:
#   bash bench/mrp_vs_anchors.sh                 everything (installs R, lme4 and rstanarm through apt when missing;
#                                                the rstanarm fit takes about 15 minutes of both cores)
#   bash bench/mrp_vs_anchors.sh --misterp-only  MisterP's part only, into results/mrp_vs_anchors_misterp.txt
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}  # the shared data folder (override when the checkout is elsewhere)
misterp_only=false
[[ "${1:-}" == "--misterp-only" ]] && misterp_only=true
if ! $misterp_only && ! Rscript -e 'library(rstanarm); library(lme4)' >/dev/null 2>&1; then
  apt-get update && apt-get install -y r-base-core r-cran-rstanarm r-cran-lme4
fi
dotnet build -c Release bench/MisterP.Bench >/dev/null
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
out=bench/results/mrp_vs_anchors.txt
$misterp_only && out=bench/results/mrp_vs_anchors_misterp.txt
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
sample=$shared/data/cces2018/sample_biased5000_seed1010.csv
rhs="(1|state) + (1|eth) + (1|educ) + male + repvote + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Whole-process wall time of a command, printed after its output.
timed() { local label=$1; shift; local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); awk -v s="$s" -v e="$e" -v l="$label" 'BEGIN { printf "%s wall %.2f s\n", l, e - s }'; }
{
  echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  echo "== MisterP NUTS: the whole mrp fit command, shipped defaults (4 chains x 1000/1000, target accept 0.8, information-scaled group effects)"
  timed "misterp nuts" dotnet "$mrp" fit "$sample" --formula "abortion ~ $rhs" --out "$tmp/nuts" --seed 1010 --quiet
  python3 - "$tmp/nuts" <<'PY'
import csv, json, sys
fit = sys.argv[1]
rows = [r for r in csv.DictReader(open(f"{fit}/summary.csv")) if r["parameter"].startswith(("b_", "sd_", "r_"))]
diag = json.load(open(f"{fit}/model.json"))["diagnostics"]
bulk = min(rows, key=lambda r: float(r["ess_bulk"]))
tail = min(rows, key=lambda r: float(r["ess_tail"]))
print(f"misterp nuts: min bulk ESS {float(bulk['ess_bulk']):.0f} ({bulk['parameter']}), min tail ESS {float(tail['ess_tail']):.0f} ({tail['parameter']}), "
      f"max rhat {max(float(r['rhat']) for r in rows):.4f}, divergences {sum(diag['divergences'])}, gradients {diag['gradient_evaluations']}, "
      f"step sizes {' '.join(f'{s:.4f}' for s in diag['step_size'])}")
PY
  echo "== MisterP NUTS against the rstanarm reference (same defaults; not timed: it also post-stratifies)"
  dotnet bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll mrp "$shared" cces_biased5000 1010 default
  echo "== MisterP ML (Laplace, as glmer), whole CLI run"
  timed "misterp ml" dotnet "$mrp" fit "$sample" --formula "abortion ~ $rhs" --method ml --out "$tmp/ml" --quiet
  if ! $misterp_only; then
    echo "== anchors (R): lme4 glmer and rstanarm stan_glmer"
    Rscript "$shared/anchors/reference_fits.R" "$sample" "$shared/data/cces2018/poststrat_cces_full.csv" \
      "$shared/data/cces2018/truth_state_full_cces.csv" abortion "$rhs" cces_biased5000 "$(mktemp -d)" all
  fi
  echo "== machine load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
