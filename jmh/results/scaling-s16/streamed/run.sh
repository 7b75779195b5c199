#!/usr/bin/env bash
# Session 16: the ETKF/EnKF-PO rows after StreamedProducts (df8ca46), and the other analyses that missed 1.8x in
# scaling-s15/recheck2, with both thread counts alternating in one JVM (ThreadScalingCheck), 7 rounds for the large ones.
# From the repository root after `mvn -q -B -o -P jmh -DskipTests package`, machine otherwise idle.
ROUNDS_LARGE=7 jmh/scaling-check.sh jmh/results/scaling-s16/streamed \
  "etkf:20x10000 enkf:20x10000 etkf:20x100000 enkf:20x100000 enff-ot:100x40" \
  "etkf:20x1000000 enkf:20x1000000 enff-ot:100x10000 ensf:20x100000 enff-ot:100x100000"
