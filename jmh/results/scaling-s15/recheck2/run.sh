#!/usr/bin/env bash
# Session 15, after RowGram (ade3b61; run at the commit in summary.txt): the N = 20 EnKF-PO and ETKF analyses whose
# ensemble-space products it took over, and the five analyses over 5 ms that missed 1.8x in both ../interleaved and
# ../recheck. Run from the repository root after `mvn -q -B -P jmh -DskipTests package`, machine otherwise idle.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s15/recheck2 \
  "etkf:20x100000 enkf:20x100000 enff-ot:100x40" \
  "etkf:20x1000000 enkf:20x1000000 enff-ot:100x10000 enff-ot:100x100000 ensf:20x100000"
