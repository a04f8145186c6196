#!/usr/bin/env bash
# mrp batch bench (issue 15): N jobs (default 100) = the seed model on N biased samples drawn with `mrp simulate`
# from the shared ACS frame (12,000 cells), half of them with a smaller formula, post-stratified by state. Reports the
# batch's wall time on this machine's cores, the per-job median, the speed-up over running `mrp fit` + `mrp poststrat`
# one job after the other, and how many jobs missed R̂ ≤ 1.01 / ESS ≥ 400.
# Run from the repository root: bash bench/batch_bench.sh [N] [SEQUENTIAL_JOBS]
# SEQUENTIAL_JOBS (default: N) fit+poststrat runs are timed one after the other; with fewer than N the sequential
# total is extrapolated from their mean (said so in the output).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
seq_jobs=${2:-$n}
shared=""
for d in .. ../.. ../../..; do [ -d "$d/shared/data" ] && { shared=$(cd "$d/shared" && pwd); break; }; done
[ -n "$shared" ] || { echo "no shared/data folder found above $(pwd)" >&2; exit 2; }
dotnet build -c Release src/MisterP.Cli >/dev/null
mrp="dotnet $(pwd)/src/MisterP.Cli/bin/Release/net10.0/mrp.dll"
tmp=$(mktemp -d)
frame="$shared/data/cces2018/poststrat_df.csv"
seed_model="y ~ male + (1|state) + (1|eth) + (1|age) + (1|educ)"
small_model="y ~ male + (1|state) + (1|age)"
mkdir -p "$tmp/data"
for i in $(seq 1 "$n"); do
  $mrp simulate --frame "$frame" --weight n --size 1000 --seed "$i" \
    --select "1 + 2 * (age = '70+')::INT + (educ = '4-Year College')::INT" \
    --truth-formula "$seed_model" --effects "b_Intercept=-0.3,b_male=0.3,sd_state=0.4,sd_eth=0.3,sd_age=0.3,sd_educ=0.3" \
    --out "$tmp/data/s$i.csv" >/dev/null
done
{
  printf '{"defaults": {"frame": "%s", "weight": "n", "by": ["state", ""], "seed": 1, "allow-new-levels": true},\n "jobs": [\n' "$frame"
  for i in $(seq 1 "$n"); do
    f=$seed_model; [ $((i % 2)) -eq 0 ] && f=$small_model
    sep=","; [ "$i" -eq "$n" ] && sep=""
    printf '  {"id": "s%03d", "data": "data/s%d.csv", "formula": "%s"}%s\n' "$i" "$i" "$f" "$sep"
  done
  printf ']}\n'
} > "$tmp/manifest.json"
out=bench/results/batch_bench_$n.txt
mkdir -p bench/results
{
  echo "mrp batch bench: $n jobs, $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s.%N)
  $mrp batch run "$tmp/manifest.json" --out "$tmp/batch" --quiet || echo "(batch exit $?)"
  batch=$(echo "$(date +%s.%N) - $start" | bc)
  echo "batch wall time: ${batch} s"
  awk -F, 'NR > 1 && $2 == "done" { print $3 }' "$tmp/batch/status.csv" | sort -g | awk '{ a[NR] = $1 } END { printf "per-job median (fit + poststrat inside the batch): %.2f s over %d jobs\n", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), NR }'
  awk -F, 'NR > 1 && $2 == "failed" { f++ } NR > 1 && $2 == "done" && ($4 == "" || $4 > 1.01 || $5 < 400 || $6 < 400) { u++ } END { printf "failed: %d; missed R-hat <= 1.01 / ESS >= 400: %d\n", f, u }' "$tmp/batch/status.csv"
  mkdir -p "$tmp/seq"
  start=$(date +%s.%N)
  for i in $(seq 1 "$seq_jobs"); do
    f=$seed_model; [ $((i % 2)) -eq 0 ] && f=$small_model
    $mrp fit "$tmp/data/s$i.csv" --formula "$f" --seed 1 --out "$tmp/seq/s$i" --quiet
    $mrp poststrat "$tmp/seq/s$i" --frame "$frame" --weight n --by state --by "" --out "$tmp/seq/s$i.csv" --allow-new-levels --quiet
  done
  sequential=$(echo "$(date +%s.%N) - $start" | bc)
  if [ "$seq_jobs" -lt "$n" ]; then
    sequential=$(echo "$sequential * $n / $seq_jobs" | bc -l)
    echo "sequential mrp fit + mrp poststrat: ${sequential} s (extrapolated from $seq_jobs of $n jobs)"
  else
    echo "sequential mrp fit + mrp poststrat: ${sequential} s"
  fi
  echo "speed-up of mrp batch over sequential: $(echo "$sequential / $batch" | bc -l | cut -c1-5)x"
  echo "same estimates as the sequential run for job s001: $(cmp -s "$tmp/batch/jobs/s001/estimates.csv" "$tmp/seq/s1.csv" && echo yes || echo no)"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
rm -rf "$tmp"
