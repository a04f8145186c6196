#!/usr/bin/env bash
# Issue 14: set-up and gradient cost of a structured prior against levels + edges (bym2 on random planar maps — a
# jittered lattice triangulated, ~3 edges per area, randomly labelled — and rw1 on a chain), up to 3,000 areas
# (US counties: 3,143). Set-up = graph + scaled field (the Sørbye–Rue scaling, a sparse Cholesky and selected
# inverse); factor_entries is its CPU-independent size. Niced: the machine is shared. Run from the repository root:
#   bash bench/structured_gradient.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build -c Release bench/MisterP.Bench >/dev/null
{
  echo "== load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
  nice -n 10 dotnet bench/MisterP.Bench/bin/Release/net10.0/MisterP.Bench.dll structured-gradient 100 300 1000 3000 10000
} | tee bench/results/structured_gradient.txt
