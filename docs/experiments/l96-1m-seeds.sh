#!/usr/bin/env bash
# Issue 4 acceptance 3 at the preset's d = 10^6 on all three test seeds: EnFF-F2P K = 10, EnFF-OT K = 100 and
# EnSF K = 100 (protocol.md §3: Lorenz-96, N = 20, ArcTan sigma_y = 0.05, dt = 0.01, obs every 10 steps,
# 80 cycles; metric rmse_last50 = mean analysis RMSE over the last 50 cycles), at the tuned settings of
# docs/filters.md. Each run is one CLI command; a run whose summary.json exists is skipped.
#
# Usage: docs/experiments/l96-1m-seeds.sh [f2p] [ot] [ensf]   (default: all three)
#   OUT=runs/l96-1m   where the run directories go
#   SEEDS="462133975 979497033 97616566"
#   THREADS=2         --threads of every run (results do not depend on it)
# Then: docs/experiments/l96-1m-seeds.sh collect   prints one line per run (filter, seed, rmse_last50, times).
# Do not rebuild target/enflow.jar while this runs: the JVM loads classes from the jar lazily, and a run whose
# jar was rebuilt under it failed at its very end (NoClassDefFoundError on writing the results).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="${OUT:-runs/l96-1m}"
seeds="${SEEDS:-462133975 979497033 97616566}"
threads="${THREADS:-2}"
parts="${*:-f2p ot ensf}"

settings() {
  case "$1" in
    f2p) echo "--filter enff --set grid=10 --set sigma_min=0.1 --set lambda=0.05" ;;
    ot) echo "--filter enff --set path=ot --set grid=100 --set sigma_min=0.01 --set lambda=0.8" ;;
    ensf) echo "--filter ensf --set grid=100 --set eps_alpha=0.6 --set eps_beta=0.075" ;;
  esac
}

for part in $parts; do
  if [ "$part" = collect ]; then
    for f in "$out"/*/summary.json; do
      [ -f "$f" ] || continue
      python3 - "$f" <<'PY'
import json, sys, os
s = json.load(open(sys.argv[1]))
print(os.path.basename(os.path.dirname(sys.argv[1])), s.get("rmse_last50"), s.get("seconds", ""))
PY
    done
    continue
  fi
  for seed in $seeds; do
    dir="$out/$part-$seed"
    [ -f "$dir/summary.json" ] && { echo "skip $dir"; continue; }
    cmd="bin/enflow run --preset l96-1m $(settings "$part") --seed $seed --threads $threads --out $dir -q"
    echo "+ $cmd"
    $cmd
  done
done
