#!/usr/bin/env bash
# Multilevel regression and synthetic post-stratification on the CCES (issue 13, validation a): each state's one-way
# margins of eth, male, age and educ and the national joint are taken from poststrat_df.csv, `mrp frame rake` rebuilds
# the 12,000-cell frame from them, and the seed talk's model fitted on the biased sample is post-stratified to the
# real and to the synthetic frame. Prints the margins' error, the synthetic cells' distance from the real ones, and
# the state estimates' RMSE between the frames and against the full-survey truth.
# Run from the repository root: bash bench/frame_rake_cces.sh   (needs R: apt-get install -y r-base-core)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MRP_SHARED:-$([ -d ../shared ] && echo ../shared || echo ../../shared)}
d=$(cd "$shared/data/cces2018" && pwd)
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
tmp=$(mktemp -d)
mrp() { dotnet src/MisterP.Cli/bin/Release/net10.0/mrp.dll "$@"; }
p="read_csv('$d/poststrat_df.csv')"
margins="duckdb:?query=SELECT state, 'eth' AS variable, eth AS level, SUM(n) AS total FROM $p GROUP BY ALL UNION ALL
 SELECT state, 'male', CAST(male AS VARCHAR), SUM(n) FROM $p GROUP BY ALL UNION ALL SELECT state, 'age', age, SUM(n) FROM $p GROUP BY ALL
 UNION ALL SELECT state, 'educ', educ, SUM(n) FROM $p GROUP BY ALL"
joint="duckdb:?query=SELECT eth, male, age, educ, SUM(n) AS n FROM $p GROUP BY ALL"
/usr/bin/time -f "frame rake: %e s wall, %M KiB peak" dotnet src/MisterP.Cli/bin/Release/net10.0/mrp.dll frame rake --joint "$joint" --margins "$margins" --by state --out "$tmp/synthetic.csv" | tail -1
formula="abortion ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age) + (1|educ:eth)"
mrp fit "$d/sample_biased5000_seed1010.csv" --formula "$formula" --seed 1 --out "$tmp/fit" --quiet
mrp frame check "$tmp/fit" "$tmp/synthetic.csv" --join "$d/statelevel_predictors.csv" --on state | tail -2
for f in real synthetic; do
  frame=$([ $f = real ] && echo "$d/poststrat_df.csv" || echo "$tmp/synthetic.csv")
  mrp poststrat "$tmp/fit" --frame "$frame" --join "$d/statelevel_predictors.csv" --on state --by state --out "$tmp/est_$f.csv" --quiet
done
Rscript -e '
a <- commandArgs(TRUE); real <- read.csv(a[1], stringsAsFactors = FALSE); syn <- read.csv(a[2], stringsAsFactors = FALSE)
k <- c("state", "eth", "male", "age", "educ"); x <- merge(real, syn, by = k, suffixes = c(".real", ".syn"))
err <- 0
for (v in c("eth", "male", "age", "educ")) {
  m <- merge(aggregate(n.real ~ state + get(v), x, sum), aggregate(n.syn ~ state + get(v), x, sum))
  err <- max(err, abs(m$n.syn / m$n.real - 1)) }
tv <- sapply(split(x, x$state), function(s) 0.5 * sum(abs(s$n.syn / sum(s$n.syn) - s$n.real / sum(s$n.real))))
cat(sprintf("cells %d | synthetic margins vs real: max relative error %.1e\n", nrow(x), err))
cat(sprintf("synthetic vs real cells, total variation distance per state: median %.3f, max %.3f (%s); national %.3f\n",
  median(tv), max(tv), names(which.max(tv)), 0.5 * sum(abs(x$n.syn / sum(x$n.syn) - x$n.real / sum(x$n.real)))))
er <- read.csv(a[3]); es <- read.csv(a[4]); tr <- read.csv(a[5])
e <- merge(merge(er[c("state", "estimate")], es[c("state", "estimate")], by = "state", suffixes = c(".real", ".syn")), tr[c("state", "mean_full")], by = "state")
rmse <- function(u, v) sqrt(mean((u - v)^2))
cat(sprintf("state estimates (seed model, biased sample): RMSE synthetic vs real frame %.4f (max |diff| %.4f); vs truth: real frame %.4f, synthetic frame %.4f\n",
  rmse(e$estimate.syn, e$estimate.real), max(abs(e$estimate.syn - e$estimate.real)), rmse(e$estimate.real, e$mean_full), rmse(e$estimate.syn, e$mean_full)))
' "$d/poststrat_df.csv" "$tmp/synthetic.csv" "$tmp/est_real.csv" "$tmp/est_synthetic.csv" "$d/truth_state_full_cces.csv" | tee bench/results/frame_rake_cces.txt
rm -rf "$tmp"
