#!/usr/bin/env bash
# Issue 16, post-stratification whole process side by side: `mrp poststrat` of the 12,000-cell ACS frame × 4,000
# draws by state, this checkout against BASE (another checkout, e.g. a worktree of main), each as the plain
# `dotnet build` (JIT) and as a ReadyToRun publish (`dotnet publish -r linux-x64`), runs interleaved, RUNS each (default
# 7), at the same nice level. Prints every run and the medians of wall and CPU (user + sys) time with the load
# average; on a shared machine CPU time is the figure the code controls. EST.csv must be byte-identical across builds.
# Run from the repository root: MISTERP_SHARED=/work/shared bash bench/poststrat_startup.sh BASE_CHECKOUT [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
base=$(cd "$1" && pwd)
runs=${2:-7}
command -v /usr/bin/time >/dev/null || { apt-get update && apt-get install -y time; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for side in new base; do
  src=$([ $side = new ] && pwd || echo "$base")
  nice -n 10 dotnet build -c Release "$src/src/MisterP.Cli" >/dev/null
  nice -n 10 dotnet publish "$src/src/MisterP.Cli" -c Release -r linux-x64 --self-contained false -o "$tmp/r2r_$side" >/dev/null
done
declare -A builds=([new_jit]=src/MisterP.Cli/bin/Release/net10.0/mrp.dll [new_r2r]=$tmp/r2r_new/mrp.dll
                   [base_jit]=$base/src/MisterP.Cli/bin/Release/net10.0/mrp.dll [base_r2r]=$tmp/r2r_base/mrp.dll)
sample=$shared/data/cces2018/sample_biased5000_seed1010.csv
formula="abortion ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
acs="duckdb:?query=SELECT p.*, s.repvote FROM read_csv('$shared/data/cces2018/poststrat_df.csv') p JOIN read_csv('$shared/data/cces2018/statelevel_predictors.csv') s USING (state)"
out=bench/results/poststrat_startup.txt
mkdir -p bench/results
{
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
  nice -n 10 dotnet "${builds[base_jit]}" fit "$sample" --formula "$formula" --out "$tmp/fit" --seed 1 --quiet
  for i in $(seq "$runs"); do
    for b in base_jit new_jit base_r2r new_r2r; do
      /usr/bin/time -o "$tmp/t" -f "%e %U %S" nice -n 10 dotnet "${builds[$b]}" poststrat "$tmp/fit" --frame "$acs" --weight n --by state \
        --out "$tmp/est_$b.csv" --quiet --overwrite
      read -r wall user sys < "$tmp/t"
      echo "$b $wall $(echo "$user + $sys" | bc)" | tee -a "$tmp/all" | awk '{printf "  %-8s run: %s s wall, %s s CPU\n", $1, $2, $3}'
    done
  done
  for b in base_jit new_jit base_r2r new_r2r; do
    cmp "$tmp/est_base_jit.csv" "$tmp/est_$b.csv" >/dev/null || echo "  $b: EST.csv DIFFERS from base_jit's"
    n=$(grep -c "^$b " "$tmp/all")
    wall=$(grep "^$b " "$tmp/all" | cut -d' ' -f2 | sort -g | sed -n "$(( (n + 1) / 2 ))p")
    cpu=$(grep "^$b " "$tmp/all" | cut -d' ' -f3 | sort -g | sed -n "$(( (n + 1) / 2 ))p")
    echo "median $b: $wall s wall, $cpu s CPU ($n runs)"
  done
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
