#!/usr/bin/env bash
# The report of a real fit, checked in a real browser: fits the seed talk's multilevel model to the biased CCES
# sample (NUTS, 4 chains x 1000/1000, target accept 0.99 as in bench/mrp_vs_anchors.sh), post-stratifies over the
# full survey's cells by state and nationally, compares raw vs MRP with the full-survey state means (the truth),
# writes the HTML report and screenshots it with headless chromium into docs/report.png.
# Run from anywhere:  bash bench/report_screenshot.sh   (installs Debian's chromium when missing; about 1-2 minutes
# on 2 cores). The fit folder and report stay in $WORK (default: a fresh temporary folder), printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# The shared data folder: ../shared from the repository root, or the nearest one above it (as the tests look).
dir=$root
while [ "$dir" != / ] && [ ! -d "$dir/shared/data/cces2018" ]; do dir=$(dirname "$dir"); done
data=${DATA:-$dir/shared/data/cces2018}
[ -d "$data" ] || { echo "CCES data not found: set DATA=.../shared/data/cces2018" >&2; exit 2; }
work=${WORK:-$(mktemp -d)}
mkdir -p "$work" docs bench/results
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update && apt-get install -y chromium
fi
dotnet build -c Release src/MisterP.Cli >/dev/null
mrp() { dotnet "$root/src/MisterP.Cli/bin/Release/net10.0/mrp.dll" "$@"; }
log=$root/bench/results/report_screenshot.txt
cd "$work"
{
  echo "== fit (seed talk's multilevel model, biased CCES sample)"
  start=$(date +%s.%N)
  mrp fit "$data/sample_biased5000_seed1010.csv" \
    --formula "abortion ~ (1|state) + (1|eth) + (1|educ) + male + repvote + (1|male:eth) + (1|educ:age) + (1|educ:eth)" \
    --chains 4 --warmup 1000 --draws 1000 --target-accept 0.99 --seed 1010 --out cces-fit --overwrite --quiet
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "fit wall %.1f s\n", e - s }'
  echo "== poststrat over the full survey's cells, by state and nationally"
  mrp poststrat cces-fit --frame "$data/poststrat_cces_full.csv" --weight n --by state --by '' --out estimates.csv --quiet
  echo "== compare with the full-survey state means"
  mrp compare estimates.csv --raw "$data/sample_biased5000_seed1010.csv" --outcome abortion \
    --truth "$data/truth_state_full_cces.csv" --truth-column mean_full --by state --out compare.csv | tail -3
  echo "== report and screenshot"
  mrp report cces-fit --estimates estimates.csv --compare compare.csv \
    --title "Employers may decline abortion coverage: CCES 2018, biased sample of 5,000" \
    --note "The sample is deliberately biased (75% male, older, whiter); MRP reweights it to the full survey's cells. Bias from opt-out driven by the outcome itself within a stratum is beyond any reweighting." \
    --out report.html
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$root/docs/report.png" \
    --window-size=1280,2400 "file://$work/report.html" 2>/dev/null
  ls -l report.html "$root/docs/report.png" | awk '{ print $5, $9 }'
} 2>&1 | tee "$log"
echo "Report and fit in $work"
