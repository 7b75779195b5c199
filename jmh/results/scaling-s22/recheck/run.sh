#!/usr/bin/env bash
# Session 22: the five misses of ../all again (same settings: jmh/scaling-check.sh), at the commit in summary.txt (after the
# dense regime stopped allocating its unused m×n arrays, 2.4 GB per engine at N = 10^4, which four states held in the heap).
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s22/recheck \
  "enkf:10000x40 etkf:100x10000 enff-f2p:500x40" \
  "enff-f2p:10000x40 kde:20x100000"
