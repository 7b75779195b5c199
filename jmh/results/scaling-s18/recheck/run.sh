#!/usr/bin/env bash
# Session 18: the 11 analyses over 5 ms under 1.8x in all/ and all-rest/, again.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s18/recheck \
  "etkf:2000x40 bpf:500x1000 enff-f2p:20x10000 enff-f2p:20x100000 ensf:100x1000 kde:20x1000 kde:100x40" \
  "etkf:2000x1000 enff-f2p:20x1000000 enff-f2p:500x10000 kde:20x100000"
