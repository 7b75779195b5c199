#!/usr/bin/env bash
# Session 21: the nine misses of ../all again (same jar, same settings: jmh/scaling-check.sh), run right after it.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s21/recheck \
  "enkf:100x10000 etkf:500x1000 bpf:100x10000 bpf:100x100000 bpf:2000x1000 enff-f2p:20x10000 enff-f2p:100x10000 enff-ot:500x40" \
  "etkf:2000x1000"
