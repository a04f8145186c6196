#!/usr/bin/env bash
# Raking baseline checked against R's survey package (rake + svyby/svymean) on the biased CCES sample.
# Run from the repository root: bash bench/raking_vs_survey.sh   (installs r-cran-survey via apt when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
if ! Rscript -e 'library(survey)' >/dev/null 2>&1; then apt-get update && apt-get install -y r-base-core r-cran-survey; fi
dotnet build -c Release src/MisterP.Cli >/dev/null
mkdir -p bench/results
tmp=$(mktemp -d)
mrp() { dotnet src/MisterP.Cli/bin/Release/net10.0/mrp.dll "$@"; }
# A minimal estimates file (the comparison needs MRP estimates to join on); the raking columns are what is checked.
mrp fit "$shared/data/cces2018/sample_biased5000_seed1010.csv" --formula "abortion ~ (1|state)" --method laplace --draws 200 --chains 1 --out "$tmp/fit" --quiet
mrp poststrat "$tmp/fit" --frame "$shared/data/cces2018/poststrat_cces_full.csv" --weight n --by state --out "$tmp/est.csv" --quiet
mrp compare "$tmp/est.csv" --raw "$shared/data/cces2018/sample_biased5000_seed1010.csv" --outcome abortion \
  --raking "$shared/data/cces2018/poststrat_cces_full.csv" --rake-on eth,age,educ,male --weight n --by state --out "$tmp/cmp.csv" > /dev/null
Rscript bench/raking_vs_survey.R "$shared/data/cces2018/sample_biased5000_seed1010.csv" "$shared/data/cces2018/poststrat_cces_full.csv" "$tmp/survey.csv"
Rscript -e '
m <- read.csv(commandArgs(TRUE)[1]); r <- read.csv(commandArgs(TRUE)[2]); x <- merge(m, r, by = "state")
cat(sprintf("states %d | max |estimate diff| %.2e | max relative SE diff %.2e | median SE MisterP %.4f, survey %.4f\n",
  nrow(x), max(abs(x$raking - x$estimate)), max(abs(x$raking_se / x$se - 1)), median(x$raking_se), median(x$se)))
' "$tmp/cmp.csv" "$tmp/survey.csv" | tee bench/results/raking_vs_survey.txt
rm -rf "$tmp"
