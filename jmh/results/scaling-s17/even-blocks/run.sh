#!/usr/bin/env bash
# Session 17, after FlowEngine's even component-block counts (N = 100, d = 10^4: 7 -> 8 blocks; N = 20, d = 10^5:
# 15 -> 16): the six flow-filter analyses under 1.8x in both ../all and ../recheck, and the three N = 20, d = 10^5 ones
# whose block count changed too. ThreadScalingCheck (equal call counts), protocol as in ../all/run.sh. Run from the
# repository root after `mvn -q -B -P jmh -DskipTests package`, machine otherwise idle.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s17/even-blocks \
  "enff-f2p:20x10000 enff-ot:20x10000 enff-f2p:100x10000 enff-f2p:20x100000" \
  "enff-ot:100x10000 ensf:100x10000 ensf:20x10000 enff-ot:20x100000 ensf:20x100000"
