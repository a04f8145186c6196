#!/usr/bin/env bash
# `mrp loo` of the seed talk's model fitted to the biased CCES sample (4 chains x 1000 draws, shipped defaults, seed
# 1010): whole-process wall and CPU time, five runs each, with the shipped runtime settings and with tier-0 JIT of
# loops switched back on (DOTNET_TC_QuickJitForLoops=1, .NET's default); the same for `mrp --help` (startup cost).
# Then where the time goes (MisterP.Bench loo-phases: load, cells, PSIS-LOO cold and warm). Run from the repository root:
#   MISTERP_SHARED=/work/shared bash bench/loo_perf.sh
# The machine is shared: the load average is printed, and CPU time (user + sys) is the figure the code controls.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
dotnet build -c Release src/MisterP.Cli >/dev/null
dotnet build -c Release bench/MisterP.Bench >/dev/null
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p bench/results
out=bench/results/loo_perf.txt
rhs="(1|state) + (1|eth) + (1|educ) + male + repvote + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
dotnet "$mrp" fit "$shared/data/cces2018/sample_biased5000_seed1010.csv" --formula "abortion ~ $rhs" --out "$tmp/seed" --seed 1010 --quiet >/dev/null
runs() { # label, env assignment, command...
  local label=$1 envset=$2; shift 2
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "$label run $i: wall %e s, cpu %U+%S s, max rss %M KB" env $envset dotnet "$mrp" "$@" >/dev/null
  done
}
{
  echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  runs "loo (shipped)" "MRP_BENCH=1" loo "$tmp/seed"
  runs "loo (tier-0 loops)" "DOTNET_TC_QuickJitForLoops=1" loo "$tmp/seed"
  runs "help (shipped)" "MRP_BENCH=1" --help
  runs "help (tier-0 loops)" "DOTNET_TC_QuickJitForLoops=1" --help
  echo "== phases (one process; the bench's runtime keeps .NET's default tier-0 loops)"
  dotnet bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll loo-phases "$tmp/seed"
  DOTNET_TC_QuickJitForLoops=0 dotnet bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll loo-phases "$tmp/seed" | sed 's/^/(no tier-0 loops) /'
  echo "== machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
} 2>&1 | tee "$out"
