#!/usr/bin/env bash
# Session 18: the 7 still under 1.8x after recheck/, a third time.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s18/recheck2 "etkf:2000x40 bpf:500x1000 enff-f2p:20x10000 kde:20x1000 kde:100x40" \
  "etkf:2000x1000 enff-f2p:500x10000"
