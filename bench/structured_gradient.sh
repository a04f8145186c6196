#!/usr/bin/env bash
# Issue 14: cost of a structured prior's gradient against levels + edges (bym2 on random planar-like graphs with
# ~3 edges per area, rw1 on a chain), up to 3,000 areas (US counties: 3,143). Run from the repository root:
#   bash bench/structured_gradient.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet run -c Release --project bench/MisterP.Bench -- structured-gradient 50 100 300 1000 3000 | tee bench/results/structured_gradient.txt
