#!/usr/bin/env bash
# Issue 14, SBC of the structured priors: N replications (default 100) of a bernoulli model with rw1(t) over 12
# ordered levels, then with bym2(area) over a 5 × 5 rook lattice; the truth of each replication is drawn from the
# prior the fit uses (centred intercept normal(0, 2), b normal(0, 1), sd exponential(1), rho beta(1, 1)) with the
# effects from the scaled sum-to-zero intrinsic field computed densely in the bench, independently of the library.
# Ranks among 99 thinned draws of 4 chains × (auto warmup ≤ 500 + 500): chi-square p per parameter and class, and
# 90% coverage. Deterministic by seed (replication r of seed S uses S·1000 + r). Niced; no timings reported.
#   bash bench/sbc_structured.sh [N] [SEED] [KIND]   (KIND: rw1 or bym2; default both)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
seed=${2:-14}
# Result files: NAME_nN.txt, with _seedS appended for a seed other than the default.
tag=_n$n; [ "$seed" = 14 ] || tag=${tag}_seed$seed
dotnet build -c Release bench/MisterP.Bench >/dev/null
# Run from a copy, so a rebuild of the tree during the long run cannot touch the loaded assemblies.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cp -r bench/MisterP.Bench/bin/Release/net10.0/. "$bin"
mkdir -p bench/results
for kind in ${3:-rw1 bym2}; do
  out=bench/results/sbc_${kind}$tag.txt
  {
    echo "command: bash bench/sbc_structured.sh $n $seed $kind  (MisterP.Bench sbc-structured $kind $n $seed)"
    nice -n 10 dotnet "$bin/MisterP.Bench.dll" sbc-structured "$kind" "$n" "$seed" 2>"bench/results/sbc_${kind}$tag.log"
  } > "$out"
  cat "$out"
done
