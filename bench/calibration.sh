#!/usr/bin/env bash
# Issue 17, calibration of the ordinal and unordered families: N replications (default 100) per family, each with
# every parameter drawn from the prior the fit uses (thresholds / centred intercepts normal(0, 2), b normal(0, 1),
# sd exponential(1)), 600 simulated rows in 15 groups, fitted by NUTS as `mrp fit` fits (4 chains × auto warmup ≤ 500
# + 500 draws); per parameter class: 90% interval coverage against the binomial 99% band and the chi-square p-value of
# SBC ranks among 99 thinned draws. Deterministic: replication r of seed S uses seed S·1000 + r for truth, data and NUTS.
# CPU-bound (≈ 1–2 CPU-s per replication), so it runs niced; no timings are reported.
#   bash bench/calibration.sh [N] [SEED] [FAMILY]   (FAMILY: cumulative or categorical; default both)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
seed=${2:-17}
# Result files: NAME_nN.txt, with _seedS appended for a seed other than the default.
tag=_n$n; [ "$seed" = 17 ] || tag=${tag}_seed$seed
dotnet build -c Release bench/MisterP.Bench >/dev/null
# Run from a copy, so a rebuild of the tree during the long run cannot touch the loaded assemblies.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cp -r bench/MisterP.Bench/bin/Release/net10.0/. "$bin"
mkdir -p bench/results
for family in ${3:-cumulative categorical}; do
  out=bench/results/calibration_${family}$tag.txt
  {
    echo "command: bash bench/calibration.sh $n $seed $family  (MisterP.Bench calibration-family $family $n $seed)"
    nice -n 10 dotnet "$bin/MisterP.Bench.dll" calibration-family "$family" "$n" "$seed" 2>"bench/results/calibration_${family}$tag.log"
  } > "$out"
  cat "$out"
done
