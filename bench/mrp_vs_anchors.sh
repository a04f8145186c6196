#!/usr/bin/env bash
# Side by side in one run: the seed talk's MRP model on the biased CCES sample fitted by MisterP (NUTS, then
# lme4-style ML) and by the anchors (rstanarm stan_glmer at adapt_delta 0.99, lme4 glmer) through
# ../shared/anchors/reference_fits.R. Run from the repository root:  bash bench/mrp_vs_anchors.sh
# (installs R, lme4 and rstanarm through apt when missing; the rstanarm fit takes about 15 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
if ! Rscript -e 'library(rstanarm); library(lme4)' >/dev/null 2>&1; then
  apt-get update && apt-get install -y r-base-core r-cran-rstanarm r-cran-lme4
fi
dotnet build -c Release bench/MisterP.Bench >/dev/null
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
out=bench/results/mrp_vs_anchors.txt
# Whole-process wall time of a command, printed after its output.
timed() { local label=$1; shift; local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); awk -v s="$s" -v e="$e" -v l="$label" 'BEGIN { printf "%s wall %.1f s\n", l, e - s }'; }
rhs="(1|state) + (1|eth) + (1|educ) + male + repvote + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
{
  echo "== MisterP NUTS (4 chains x 1000/1000, target accept 0.99), whole run incl. post-stratification"
  timed "misterp nuts" dotnet bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll mrp "$shared" cces_biased5000 1010 0.99
  echo "== MisterP ML (Laplace, as glmer), whole CLI run"
  tmp=$(mktemp -d)
  timed "misterp ml" dotnet src/MisterP.Cli/bin/Release/net10.0/mrp.dll fit "$shared/data/cces2018/sample_biased5000_seed1010.csv" \
    --formula "abortion ~ $rhs" --method ml --out "$tmp/fit" --quiet
  rm -rf "$tmp"
  echo "== anchors (R): lme4 glmer and rstanarm stan_glmer"
  Rscript "$shared/anchors/reference_fits.R" "$shared/data/cces2018/sample_biased5000_seed1010.csv" "$shared/data/cces2018/poststrat_cces_full.csv" \
    "$shared/data/cces2018/truth_state_full_cces.csv" abortion "$rhs" cces_biased5000 "$(mktemp -d)" all
} 2>&1 | tee "$out"
