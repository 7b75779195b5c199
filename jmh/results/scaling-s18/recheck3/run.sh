#!/usr/bin/env bash
# Session 18: the 5 never at 1.8x in all/, recheck/ and recheck2/, a fourth time (at 79bc6df, same kernels as 2e7877b).
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s18/recheck3 "bpf:500x1000 enff-f2p:20x10000 kde:20x1000 kde:100x40" "enff-f2p:500x10000"
