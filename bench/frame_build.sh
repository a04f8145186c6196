#!/usr/bin/env bash
# `mrp frame build` on 10 million synthetic person records (issue 13, validation c): the frame equals a hand-written
# DuckDB GROUP BY, and wall time and peak memory are printed (targets: < 30 s, < 2 GiB on 2 cores). The records (a CSV
# of about 300 MB, ACS-PUMS-like columns) are generated in a temporary folder and deleted afterwards.
# Run from the repository root: bash bench/frame_build.sh [ROWS]   (needs R for the comparison: apt-get install -y r-base-core)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
dotnet build -c Release src/MisterP.Cli >/dev/null
dotnet build -c Release bench/MisterP.Bench >/dev/null
mkdir -p bench/results
tmp=$(mktemp -d)
sql() { dotnet bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll duckdb "$1"; }
states="['AL','AK','AZ','AR','CA','CO','CT','DE','FL','GA','HI','ID','IL','IN','IA','KS','KY','LA','ME','MD','MA','MI','MN','MS','MO','MT','NE','NV','NH','NJ','NM','NY','NC','ND','OH','OK','OR','PA','RI','SC','SD','TN','TX','UT','VT','VA','WA','WV','WI','WY']"
educ="['No HS','HS','Some college','4-Year College','Post-grad']"
eth="['White','Black','Hispanic','Other']"
# Deterministic records from hashes of the row number: state, eth, male 0/1, age 0-94, education label, person weight.
sql "COPY (SELECT ($states)[CAST(1 + hash(i) % 50 AS INTEGER)] AS ST, ($eth)[CAST(1 + hash(i + 1) % 4 AS INTEGER)] AS eth, CAST(hash(i + 2) % 2 AS INTEGER) AS male,
  CAST(hash(i + 3) % 95 AS INTEGER) AS AGEP, ($educ)[CAST(1 + hash(i + 4) % 5 AS INTEGER)] AS educ, CAST(1 + hash(i + 5) % 300 AS INTEGER) AS PERWT FROM range($rows) t(i))
  TO '$tmp/records.csv' (HEADER, DELIMITER ',')"
ls -la "$tmp/records.csv" | awk '{printf "records: %d rows, %.0f MB\n", '"$rows"', $5 / 1e6}' | tee bench/results/frame_build.txt
printf 'variable,from,to\nAGEP,"[18,30)",18-29\nAGEP,"[30,45)",30-44\nAGEP,"[45,65)",45-64\nAGEP,"[65,)",65+\nmale,0,-0.5\nmale,1,0.5\n' > "$tmp/recode.csv"
/usr/bin/time -f "mrp frame build: %e s wall, %U s user CPU, %M KiB peak" dotnet src/MisterP.Cli/bin/Release/net10.0/mrp.dll frame build "$tmp/records.csv" \
  --cells ST,eth,male,AGEP,educ --weight PERWT --recode "$tmp/recode.csv" --where "AGEP >= 18" --out "$tmp/frame.csv" 2>&1 | tee -a bench/results/frame_build.txt
sql "COPY (SELECT ST, eth, CASE male WHEN 0 THEN -0.5 ELSE 0.5 END AS male,
  CASE WHEN AGEP < 30 THEN '18-29' WHEN AGEP < 45 THEN '30-44' WHEN AGEP < 65 THEN '45-64' ELSE '65+' END AS AGEP,
  educ, SUM(PERWT) AS n FROM read_csv('$tmp/records.csv') WHERE AGEP >= 18 GROUP BY ALL) TO '$tmp/reference.csv' (HEADER, DELIMITER ',')"
Rscript -e '
a <- read.csv(commandArgs(TRUE)[1], stringsAsFactors = FALSE); b <- read.csv(commandArgs(TRUE)[2], stringsAsFactors = FALSE)
x <- merge(a, b, by = c("ST", "eth", "male", "AGEP", "educ"), suffixes = c(".mrp", ".ref"))
cat(sprintf("cells: mrp %d, reference %d, matched %d; max |n difference| %g; total n %.0f\n", nrow(a), nrow(b), nrow(x), max(abs(x$n.mrp - x$n.ref)), sum(a$n)))
' "$tmp/frame.csv" "$tmp/reference.csv" | tee -a bench/results/frame_build.txt
rm -rf "$tmp"
