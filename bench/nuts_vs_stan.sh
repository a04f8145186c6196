#!/usr/bin/env bash
# Side-by-side anchor benchmark of MisterP's NUTS against Stan (rstan) on the same targets, settings and seeds;
# writes bench/results/nuts_vs_stan.csv and the table in bench/RESULTS.md. Run from the repository root:
#   bash bench/nuts_vs_stan.sh            (5 seeds; installs R and rstan through apt when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${SEEDS:-1,2,3,4,5}
if ! Rscript -e 'library(rstan)' >/dev/null 2>&1; then
  apt-get update && apt-get install -y r-base-core r-cran-rstan
fi
# Debian's BH package ships its headers elsewhere; rstan's compiler needs them under BH/include.
bh=$(Rscript -e 'cat(find.package("BH"))')
[ -e "$bh/include/boost" ] || ln -sfn /usr/include "$bh/include"
dotnet build -c Release bench/MisterP.Bench >/dev/null
mkdir -p bench/results
out=bench/results/nuts_vs_stan.csv
echo "engine,model,seed,min_ess_bulk,min_ess_tail,max_rhat,divergences,gradients,seconds" > "$out"
for model in normal100 eight_schools_nc; do
  for seed in ${seeds//,/ }; do
    start=$(date +%s.%N)
    line=$(dotnet bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll nuts "$model" "$seed")
    end=$(date +%s.%N)
    # Whole process wall time (start-up, warmup, sampling, writing draws) minus the report-only diagnostics time.
    wall=$(awk -v e="$end" -v s="$start" -v d="${line##*,}" 'BEGIN { printf "%.4f", e - s - d }')
    echo "misterp,${line%,*},$wall" >> "$out"
  done
done
Rscript bench/nuts_vs_stan.R "$seeds" | sed 's/^/stan,/' >> "$out"
Rscript bench/summarize_nuts_vs_stan.R "$out"
