#!/usr/bin/env bash
# Post-stratification performance (issue 6): the seed talk's model (NUTS, 4 × 1000 draws = 4,000 draws) post-stratified
# (a) over the 12,000-cell ACS frame by state, whole command timed, median of 5 runs; (b) over a generated
# 1,008,000-cell frame (the ACS frame × 84 waves), whole command, wall time and peak memory; (c) where the time of (a)
# goes, phase by phase, in one process (bench poststrat-phases mode). The load average is printed with each part:
# the machine is shared, so compare figures only from quiet runs.
# Run from the repository root: bash bench/poststrat_perf.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# The shared data folder: the nearest "shared" beside the repository or one of its parents (as the tests find it).
shared=""
for d in .. ../.. ../../..; do [ -d "$d/shared/data" ] && { shared=$(cd "$d/shared" && pwd); break; }; done
[ -n "$shared" ] || { echo "no shared/data folder found above $(pwd)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { apt-get update && apt-get install -y time; }
dotnet build -c Release src/MisterP.Cli >/dev/null
dotnet build -c Release bench/MisterP.Bench >/dev/null
mrp="dotnet src/MisterP.Cli/bin/Release/net10.0/mrp.dll"
tmp=$(mktemp -d)
$mrp fit "$shared/data/cces2018/sample_biased5000_seed1010.csv" --quiet --out "$tmp/fit" --seed 1 --target-accept 0.95 \
  --formula "abortion ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
acs="duckdb:?query=SELECT p.*, s.repvote FROM read_csv('$shared/data/cces2018/poststrat_df.csv') p JOIN read_csv('$shared/data/cces2018/statelevel_predictors.csv') s USING (state)"
big="duckdb:?query=SELECT p.*, s.repvote, w.range AS wave FROM read_csv('$shared/data/cces2018/poststrat_df.csv') p JOIN read_csv('$shared/data/cces2018/statelevel_predictors.csv') s USING (state) CROSS JOIN range(84) w"
out=bench/results/poststrat_perf.txt
{
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "(a) 12,000-cell ACS frame × 4,000 draws, by state (5 runs, whole command):"
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "  run $i: %e s wall, %U s user CPU, %M KiB peak" $mrp poststrat "$tmp/fit" --frame "$acs" --weight n --by state --out "$tmp/est.csv" --quiet
  done
  echo "(b) 1,008,000-cell frame × 4,000 draws, by state and nationally (whole command):"
  /usr/bin/time -f "  %e s wall, %U s user CPU, %M KiB peak" $mrp poststrat "$tmp/fit" --frame "$big" --weight n --by state --by '' --out "$tmp/est_big.csv" --quiet
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "(c) phases of (a) in one process:"
  dotnet bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll poststrat-phases "$tmp/fit" "$acs" | sed 's/^/  /'
} 2>&1 | tee "$out"
rm -rf "$tmp"
