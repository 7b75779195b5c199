#!/usr/bin/env bash
# Session 18, at aaac45a (4x2 distance tiles, four-pass arctan): session 17's six misses. ThreadScalingCheck through
# jmh/scaling-check.sh (5 rounds for the first two, 3 for the rest). Run from the repository root after
# `mvn -q -B -P jmh -DskipTests package`, machine otherwise idle.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s18/six "enff-f2p:20x10000 enff-ot:20x10000" \
  "ensf:20x10000 enff-f2p:100x10000 enff-ot:100x10000 ensf:100x10000"
