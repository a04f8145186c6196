#!/usr/bin/env bash
# IPF of `mrp frame rake` against R's survey::rake (issue 13, validation b): writes the test fixtures in
# tests/MisterP.Tests/Fixtures/frames (the seed joint, the margins, and survey's raked cells) and prints the largest
# relative difference between mrp's and survey's cells. Run from the repository root: bash bench/frame_rake_vs_survey.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MRP_SHARED:-$([ -d ../shared ] && echo ../shared || echo ../../shared)}
if ! Rscript -e 'library(survey)' >/dev/null 2>&1; then apt-get update && apt-get install -y r-base-core r-cran-survey; fi
fixtures=tests/MisterP.Tests/Fixtures/frames
mkdir -p "$fixtures" bench/results
Rscript bench/frame_rake_vs_survey.R "$shared/data/cces2018/poststrat_df.csv" "$fixtures"
dotnet build -c Release src/MisterP.Cli >/dev/null
tmp=$(mktemp -d)
dotnet src/MisterP.Cli/bin/Release/net10.0/mrp.dll frame rake --joint "$fixtures/joint.csv" --margins "$fixtures/margins.csv" --by state --out "$tmp/mrp.csv" | tail -1
Rscript -e '
m <- read.csv(commandArgs(TRUE)[1], stringsAsFactors = FALSE); r <- read.csv(commandArgs(TRUE)[2], stringsAsFactors = FALSE)
x <- merge(m, r, by = c("state", "eth", "male", "age", "educ"), suffixes = c(".mrp", ".survey"))
cat(sprintf("cells %d of %d | max relative difference mrp vs survey::rake %.2e\n", nrow(x), nrow(r), max(abs(x$n.mrp / x$n.survey - 1))))
' "$tmp/mrp.csv" "$fixtures/survey_rake.csv" | tee bench/results/frame_rake_vs_survey.txt
rm -rf "$tmp"
