#!/usr/bin/env bash
# Issue 14, ordered groups: on the ordinal benchmark (../shared/data/ordinal, whose age effect is smooth over the six
# ordered bands: 0.18 per band plus N(0, 0.05²) noise), rw1(age) against (1|age), same data, formula otherwise as the
# ordinal reference, same seed. Error = RMSE over the six bands of the posterior-mean age effects against the true
# ones (truth_params.csv), both centred (the intercept absorbs a common shift; rw1's effects sum to zero).
# By default it fits the binary split y = [rating ≥ 4]: under the cumulative logit model P(rating ≥ 4) =
# logistic(η − c₃) exactly, so the binary logit model has the same η, the same age effects, and the intercept −c₃.
# CUMULATIVE=1 fits the cumulative family itself on the 1–5 ratings (results/rw1_age_ordinal_cumulative.txt).
#   MISTERP_SHARED=/work/shared bash bench/rw1_age_ordinal.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MISTERP_SHARED:-../shared}
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
suffix=""; [ "${CUMULATIVE:-0}" = 1 ] && suffix=_cumulative
out=bench/results/rw1_age_ordinal$suffix.txt
mrp=src/MisterP.Cli/bin/Release/net10.0/mrp.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rest="(1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age)"
bands="18-29,30-39,40-49,50-59,60-69,70+"
{
  echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  if [ "${CUMULATIVE:-0}" = 1 ]; then
    data="$shared/data/ordinal/sample.csv"; family=(--family cumulative); response=rating
  else
    awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "high"; next } { print $0, ($NF >= 4) }' "$shared/data/ordinal/sample.csv" > "$tmp/binary.csv"
    data="$tmp/binary.csv"; family=(); response=high
  fi
  for model in iid rw1; do
    term=$([ "$model" = iid ] && echo "(1|age)" || echo "rw1(age)")
    s=$(date +%s.%N)
    dotnet "$mrp" fit "$data" "${family[@]}" --formula "$response ~ male + repvote + $term + $rest" \
      --levels "age=$bands" --prior "b ~ normal(0, 2.5)" --seed 1010 --out "$tmp/$model" --quiet
    e=$(date +%s.%N)
    awk -v n="$model" -v s="$s" -v e="$e" 'BEGIN { printf "%s: whole mrp fit wall %.1f s\n", n, e - s }'
  done
  python3 - "$tmp" "$shared" "$bands" <<'PY'
import csv, json, math, sys
tmp, shared, bands = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
truth = {r["parameter"]: float(r["value"]) for r in csv.DictReader(open(f"{shared}/data/ordinal/truth_params.csv"))}
t = [truth[f"r_age[{b},Intercept]"] for b in bands]
tm = sum(t) / len(t)
print(f"{'band':8s} {'truth':>8s} {'(1|age)':>8s} {'rw1':>8s}   (centred)")
est = {}
for model in ("iid", "rw1"):
    s = {r["parameter"]: r for r in csv.DictReader(open(f"{tmp}/{model}/summary.csv"))}
    v = [float(s[f"r_age[{b},Intercept]"]["mean"]) for b in bands]
    m = sum(v) / len(v)
    est[model] = [x - m for x in v]
    d = json.load(open(f"{tmp}/{model}/model.json"))["diagnostics"]
    print(f"{model}: sd_age {float(s['sd_age__Intercept']['mean']):.3f}; divergences {sum(d['divergences'])}; max rhat {d['max_rhat']:.4f}; min bulk ESS {d['min_ess_bulk']:.0f}")
for i, b in enumerate(bands):
    print(f"{b:8s} {t[i] - tm:8.4f} {est['iid'][i]:8.4f} {est['rw1'][i]:8.4f}")
rmse = {m: math.sqrt(sum((e - (x - tm)) ** 2 for e, x in zip(est[m], t)) / len(t)) for m in est}
print(f"RMSE of centred age effects vs truth: (1|age) {rmse['iid']:.4f}, rw1(age) {rmse['rw1']:.4f}: {'rw1 smaller' if rmse['rw1'] < rmse['iid'] else 'rw1 NOT smaller'}")
PY
  echo "== machine load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
