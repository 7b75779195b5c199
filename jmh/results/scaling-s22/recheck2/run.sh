#!/usr/bin/env bash
# Session 22: the seven misses of ../all2 again (same jar, same settings: jmh/scaling-check.sh), run right after it.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s22/recheck2 \
  "etkf:500x1000 etkf:2000x40 enff-f2p:500x40 ensf:20x1000" \
  "bpf:2000x1000 enff-f2p:500x10000 kde:20x100000"
