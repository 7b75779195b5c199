#!/usr/bin/env bash
# Session 20: the six analyses over 5 ms that missed 1.8x in ../all/ and the four nearest to it, at the commit in
# summary.txt (after the EnKF-PO's O(N^2) loops moved onto the pool); the two that ran out of heap there with four states
# (EnKF-PO and ETKF 100 x 10^6) with --no-pair. Same settings as ../all/run.sh. Machine otherwise idle.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s20/recheck \
  "enkf:500x1000 bpf:20x100000 bpf:100x10000 bpf:2000x1000 ensf:100x40 kde:20x1000 enff-f2p:500x40 etkf:500x1000 ensf:500x40 enff-ot:100x40" \
  "" "enkf:100x1000000 etkf:100x1000000"
