#!/usr/bin/env bash
# Issues 14 and 17, performance: MisterP vs brms on the reference models, side by side in ONE run. For each model the
# brms reference is re-fitted exactly as ../shared/anchors made it (same R script: rstan backend, 4 chains ×
# (1000 + 1000), cores = 2, adapt_delta 0.95, seed 1010; identical rows collapsed with weights for ordinal, counts
# for multinomial, binomial cells for spatial) and MisterP fits the same model with the same priors right before it,
# on 5 seeds, both with the issue's 4 × (1000 + 1000) and with the shipped defaults (fast adaptation, automatic
# warmup). Reported: min bulk ESS (over b_, sd_, r_ and rho), R̂, divergences, whole-process wall and CPU time of
# `mrp fit`, brms's sampling-only wall time and the CPU time of its sampling workers (rstan's R worker processes,
# polled from /proc every second), and the ratios of min bulk ESS per second: MisterP's whole process ÷ brms's
# sampling alone, in wall seconds and in CPU seconds. CPU seconds are what a loaded machine does not inflate (both
# sides use both cores when alone), so on a busy machine the CPU ratio is the one to quote; the load average is
# printed before and after every fit. Takes about an hour of both cores on an idle machine (brms samples for ~17,
# ~26 and ~15 minutes).
# Needs R with brms, rstan, posterior, ordinal (see README: apt-get install r-cran-brms r-cran-ordinal ...).
#   MISTERP_SHARED=/work/shared [SETTINGS="issue defaults issue-delta0.7"] bash bench/brms_side_by_side.sh [ordinal] [multinomial] [spatial]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
anchors="$shared/anchors"
models=("$@")
# MisterP settings, each on 5 seeds: issue = 4 × (1000 + 1000), defaults = shipped (auto warmup), issue-delta0.7 = the
# issue's with --adapt-delta 0.7 (ESS per gradient is higher there on the ordinal model, bench/RESULTS.md), draws2000 =
# 4 × (1000 + 2000) (issue 14 fixes no draws for BYM2: ESS per second stays, R̂ gets twice the draws).
read -r -a settings <<< "${SETTINGS:-issue defaults}"
[ ${#models[@]} -gt 0 ] || models=(ordinal multinomial spatial)
dotnet build -c Release src/MisterP.Cli >/dev/null
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
# Results go to bench/results/brms_side_by_side (or …_TAG with TAG=… set, so two runs can go at once).
res=bench/results/brms_side_by_side${TAG:+_$TAG}
mkdir -p "$res"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
adj="$shared/data/geo/us_state_adjacency.csv"
grep -v '^"\?\(AK\|HI\)"\?,' "$shared/data/spatial/sample.csv" > "$tmp/sample48.csv"

# model_args MODEL: prints one argument per line (sample, family/formula/priors) for `mrp fit`.
model_args() {
  case $1 in
    ordinal) printf '%s\n' "$shared/data/ordinal/sample.csv" --family cumulative --formula \
      "rating ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|age) + (1|male:eth) + (1|educ:age)" \
      --prior "b ~ normal(0, 2.5)" ;;
    multinomial) printf '%s\n' "$shared/data/multinomial/sample.csv" --family categorical --formula \
      "choice ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|age)" --prior "b ~ normal(0, 2.5)" ;;
    spatial) printf '%s\n' "$tmp/sample48.csv" --formula \
      "y ~ male + car(W, gr = state, type = \"bym2\") + (1|eth) + (1|educ) + (1|age) + (1|educ:age)" \
      --adjacency "W=$adj" --prior "b ~ normal(0, 2.5)" --prior "Intercept ~ student_t(3, 0, 2.5)" \
      --prior "sd ~ exponential(1)" --prior "rhocar ~ beta(1, 1)" ;;
  esac
}

run_misterp() { # MODEL SETTING(issue|defaults) SEED
  local model=$1 setting=$2 seed=$3 dir="$tmp/$1_$2_$3" s e extra=()
  mapfile -t args < <(model_args "$model")
  case $setting in
    issue) extra=(--warmup 1000 --draws 1000) ;;
    issue-delta0.7) extra=(--warmup 1000 --draws 1000 --adapt-delta 0.7) ;;
    draws2000) extra=(--warmup 1000 --draws 2000) ;;
  esac
  /usr/bin/time -f "%e %U %S" -o "$tmp/time" dotnet "$mrp" fit "${args[@]}" "${extra[@]}" --seed "$seed" --out "$dir" --quiet
  python3 - "$dir" "$model" "$setting" "$seed" "$tmp/time" "$(load)" <<'PY' | tee -a "$res/misterp_runs.csv"
import csv, json, sys
d, model, setting, seed, timefile, load = sys.argv[1:]
wall, user, system = map(float, open(timefile).read().split()[-3:])
rows = [r for r in csv.DictReader(open(f"{d}/summary.csv")) if r["parameter"].startswith(("b_", "sd_", "r_", "rho_"))]
m = json.load(open(f"{d}/model.json"))
diag = m["diagnostics"]
ess = min(float(r["ess_bulk"]) for r in rows)
rhat = max(float(r["rhat"]) for r in rows)
print(f"{model},{setting},{seed},{wall:.2f},{user + system:.2f},{ess:.0f},{ess / wall:.1f},{ess / (user + system):.1f},{rhat:.4f},{sum(diag['divergences'])},"
      f"{diag['gradient_evaluations']},\"{load}\"")
PY
}

run_brms() { # MODEL
  local out="$res/$1" main poller
  mkdir -p "$out"
  echo "== brms $1: load before $(load)"
  case $1 in
    ordinal) Rscript "$anchors/reference_ordinal.R" "$shared/data/ordinal" "$out" brms & ;;
    multinomial) Rscript "$anchors/reference_multinomial.R" "$shared/data/multinomial" "$out" & ;;
    spatial) Rscript "$anchors/reference_spatial.R" "$shared/data/spatial" "$adj" "$out" brms & ;;
  esac
  main=$!
  worker_cpu "$main" > "$out/worker_cpu_s" &
  poller=$!
  wait "$main"
  wait "$poller"
  echo "== brms $1: load after $(load); CPU seconds of its R worker processes (sampling) $(cat "$out/worker_cpu_s")"
}

# Polls /proc every second while MAIN runs: the largest utime + stime seen per R process other than MAIN (rstan's
# sampling workers; R is what their command name is), summed at the end. Loses at most a second per worker.
worker_cpu() {
  python3 - "$1" <<'PY'
import os, sys, time
main = int(sys.argv[1]); tick = os.sysconf("SC_CLK_TCK"); seen = {}
while os.path.exists(f"/proc/{main}"):
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        if name == "R" and int(pid) != main:
            key = (pid, rest[19])                      # pid and start time: a reused pid is another process
            seen[key] = max(seen.get(key, 0), (int(rest[11]) + int(rest[12])) / tick)
    time.sleep(1)
print(f"{sum(seen.values()):.1f}")
PY
}

# brms's sampling seconds and min bulk ESS from the re-run's own timing/summary file.
brms_figures() {
  case $1 in
    ordinal|multinomial) awk -F' = ' '/^sampling_s/ { split($2, a, " "); s = a[1] } /^min_ess_bulk/ { e = $2 }
      /^max_rhat/ { r = $2 } /^divergences/ { d = $2 } END { print s, e, r, d }' "$res/$1/brms_timing.txt" ;;
    spatial) sed -n 's/.*sampling \([0-9.]*\) s; min bulk ESS \([0-9]*\) .*max Rhat \([0-9.]*\), divergences \([0-9]*\).*/\1 \2 \3 \4/p' \
      "$res/$1/brms_bym2_summary.txt" ;;
  esac
}

echo "model,setting,seed,wall_s,cpu_s,min_bulk_ess,ess_per_s,ess_per_cpu_s,max_rhat,divergences,gradients,load" > "$res/misterp_runs.csv"
{
  echo "== $(date -u +%FT%TZ); $(nproc) cores; load $(load); MisterP $(git rev-parse --short HEAD)"
  for model in "${models[@]}"; do
    for setting in "${settings[@]}"; do
      for seed in 1010 1011 1012 1013 1014; do run_misterp "$model" "$setting" "$seed"; done
    done
    run_brms "$model"
    read -r bs be br bd < <(brms_figures "$model")
    python3 - "$res/misterp_runs.csv" "$model" "$bs" "$be" "$br" "$bd" "$(cat "$res/$model/worker_cpu_s")" "${settings[*]}" <<'PY'
import csv, statistics, sys
path, model, bs, be, br, bd, bcpu = sys.argv[1:8]
brms, brms_cpu = float(be) / float(bs), float(be) / float(bcpu)
print(f"== {model}: brms sampling {float(bs):.1f} s wall, {float(bcpu):.1f} s CPU; min bulk ESS {float(be):.0f}; "
      f"{brms:.2f} ESS/s wall, {brms_cpu:.3f} ESS per CPU s; max R̂ {br}, divergences {bd}")
for setting in sys.argv[8].split():
    runs = [r for r in csv.DictReader(open(path)) if r["model"] == model and r["setting"] == setting]
    med = lambda k: statistics.median(float(r[k]) for r in runs)
    print(f"   MisterP {setting:8s} (median of {len(runs)} seeds): whole mrp fit {med('wall_s'):.1f} s wall, "
          f"{med('cpu_s'):.1f} s CPU; min bulk ESS {med('min_bulk_ess'):.0f}; {med('ess_per_s'):.1f} ESS/s = "
          f"{med('ess_per_s') / brms:.0f}x brms (wall); {med('ess_per_cpu_s'):.1f} ESS per CPU s = "
          f"{med('ess_per_cpu_s') / brms_cpu:.0f}x brms (CPU); max R̂ {max(float(r['max_rhat']) for r in runs):.4f}; "
          f"divergences {sum(int(r['divergences']) for r in runs)}")
PY
  done
  echo "== end $(date -u +%FT%TZ); load $(load)"
} 2>&1 | tee "$res/summary.txt"
